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

    public DataplaneIntentBatch(int capacity = 1024)
    {
        _items = ArrayPool<DataplaneIntent>.Shared.Rent(Math.Max(capacity, 16));
    }

    public int Count { get; private set; }

    public ReadOnlySpan<DataplaneIntent> Items => _items.AsSpan(0, Count);

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
    }
}
