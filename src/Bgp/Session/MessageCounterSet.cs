using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>Live per-type message counters, updated without locks, snapshotted into <see cref="MessageCounters"/>.</summary>
internal sealed class MessageCounterSet
{
    private readonly long[] _counts = new long[6];

    public void Increment(BgpMessageType type)
    {
        var index = (int)type;
        if ((uint)index < (uint)_counts.Length)
        {
            Interlocked.Increment(ref _counts[index]);
        }
    }

    public long this[BgpMessageType type] => Interlocked.Read(ref _counts[(int)type]);

    public MessageCounters Snapshot() => new()
    {
        Open = this[BgpMessageType.Open],
        Update = this[BgpMessageType.Update],
        Notification = this[BgpMessageType.Notification],
        Keepalive = this[BgpMessageType.Keepalive],
        RouteRefresh = this[BgpMessageType.RouteRefresh],
    };
}
