using System.Threading.Channels;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// One of the RIB worker's inboxes: each peer has its own (<see cref="PeerInbox"/>), the EVPN
/// worker and the CLI share one (<see cref="LocalInbox"/>). An inbox with work puts itself once
/// on the worker's ready queue; the worker serves the ready inboxes round-robin, a bounded turn
/// each, so that no peer's backlog delays another's messages by more than a turn.
/// </summary>
internal abstract class RibInbox
{
    private readonly ChannelWriter<RibInbox> _ready;
    private int _scheduled;

    protected RibInbox(ChannelWriter<RibInbox> ready)
    {
        _ready = ready;
    }

    /// <summary>Something is waiting to be handled.</summary>
    public abstract bool HasWork { get; }

    /// <summary>
    /// Puts the inbox on the ready queue unless it is there or being served. Call after
    /// publishing the work: both sides use full fences, so either this sees the flag cleared or
    /// the worker's <see cref="EndTurn"/> sees the work.
    /// </summary>
    public void Schedule()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ready.TryWrite(this);
        }
    }

    /// <summary>The worker's turn with this inbox is over: back on the queue (at its end) if more is waiting.</summary>
    public void EndTurn()
    {
        Interlocked.Exchange(ref _scheduled, 0);
        if (HasWork)
        {
            Schedule();
        }
    }
}
