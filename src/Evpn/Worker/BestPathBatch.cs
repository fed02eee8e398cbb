using System.Buffers;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Worker;

/// <summary>
/// The EVPN changes of one RIB batch, copied out of the RIB's reused span into an array rented
/// from the shared pool (one per batch, not one object per route); disposing returns it.
/// </summary>
public sealed class BestPathBatch : IDisposable
{
    private BestPathChange[] _items;

    private BestPathBatch(BestPathChange[] items, int count, long receivedAt)
    {
        _items = items;
        Count = count;
        ReceivedAt = receivedAt;
    }

    public int Count { get; private set; }

    /// <summary>When the oldest UPDATE behind these changes arrived (Stopwatch ticks); 0 when none did.</summary>
    public long ReceivedAt { get; }

    public ReadOnlySpan<BestPathChange> Items => _items.AsSpan(0, Count);

    /// <summary>The L2VPN/EVPN changes of <paramref name="changes"/>; null when there are none.</summary>
    public static BestPathBatch? CopyEvpn(ReadOnlySpan<BestPathChange> changes)
    {
        var count = 0;
        foreach (ref readonly var change in changes)
        {
            if (change.Family == AfiSafi.L2vpnEvpn)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return null;
        }

        var items = ArrayPool<BestPathChange>.Shared.Rent(count);
        var at = 0;
        long receivedAt = 0;
        foreach (ref readonly var change in changes)
        {
            if (change.Family == AfiSafi.L2vpnEvpn)
            {
                items[at++] = change;
                if (change.ReceivedAt != 0 && (receivedAt == 0 || change.ReceivedAt < receivedAt))
                {
                    receivedAt = change.ReceivedAt;
                }
            }
        }

        return new BestPathBatch(items, count, receivedAt);
    }

    public void Dispose()
    {
        var items = Interlocked.Exchange(ref _items, []);
        if (items.Length > 0)
        {
            // Cleared: the pooled array must not keep attribute sets alive.
            ArrayPool<BestPathChange>.Shared.Return(items, clearArray: true);
        }

        Count = 0;
    }
}
