using System.Buffers;

namespace Evpnd.KernelSync;

/// <summary>
/// Intents handed from the EVPN worker to KernelSync in one message, in the order they were
/// decided (a later intent for the same entry supersedes an earlier one). The items live in an
/// array rented from the shared pool: the producer fills the batch and posts it, the consumer
/// disposes it once applied, which returns the array.
/// </summary>
public sealed class DataplaneIntentBatch : IDisposable
{
    private DataplaneIntent[] _items;
    private List<IntentStamp>? _stamps;

    public DataplaneIntentBatch(int capacity = 1024)
    {
        _items = ArrayPool<DataplaneIntent>.Shared.Rent(Math.Max(capacity, 16));
    }

    public int Count { get; private set; }

    public ReadOnlySpan<DataplaneIntent> Items => _items.AsSpan(0, Count);

    /// <summary>Where the intents that follow from received UPDATEs start, and when those arrived; in order of <see cref="IntentStamp.Start"/>.</summary>
    public IReadOnlyList<IntentStamp> Stamps => (IReadOnlyList<IntentStamp>?)_stamps ?? [];

    /// <summary>
    /// The intents added from now on follow from UPDATEs received at <paramref name="receivedAt"/>
    /// (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>; 0: from nothing received). One
    /// stamp per run of intents, not per intent.
    /// </summary>
    public void MarkReceived(long receivedAt)
    {
        var last = _stamps is { Count: > 0 } ? _stamps[^1] : default;
        if (last.ReceivedAt == receivedAt)
        {
            return;
        }

        if (_stamps is { Count: > 0 } && last.Start == Count)
        {
            _stamps[^1] = new IntentStamp(Count, receivedAt);
            return;
        }

        (_stamps ??= []).Add(new IntentStamp(Count, receivedAt));
    }

    public void Add(in DataplaneIntent intent)
    {
        if (Count == _items.Length)
        {
            var larger = ArrayPool<DataplaneIntent>.Shared.Rent(_items.Length * 2);
            _items.AsSpan(0, Count).CopyTo(larger);
            ArrayPool<DataplaneIntent>.Shared.Return(_items);
            _items = larger;
        }
        _items[Count++] = intent;
    }

    public void Dispose()
    {
        var items = Interlocked.Exchange(ref _items, []);
        if (items.Length > 0)
        {
            ArrayPool<DataplaneIntent>.Shared.Return(items);
        }
        Count = 0;
        _stamps = null;
    }
}
