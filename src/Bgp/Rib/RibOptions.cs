namespace Evpnd.Bgp.Rib;

/// <summary>What the RIB worker needs to know about this speaker.</summary>
public sealed record RibOptions
{
    public required uint LocalAs { get; init; }

    /// <summary>Our BGP identifier (host order): routes carrying it as ORIGINATOR_ID are loops (RFC 4456 s8).</summary>
    public required uint RouterId { get; init; }

    /// <summary>Our cluster id (RFC 4456 s7), the router id unless set: a CLUSTER_LIST holding it is a loop.</summary>
    public uint? ClusterId { get; init; }

    /// <summary>The families the RIB keeps; UPDATEs for others are ignored.</summary>
    public required IReadOnlyList<IRibFamily> Families { get; init; }

    /// <summary>Originations and queries the local inbox holds before their senders wait.</summary>
    public int ChannelCapacity { get; init; } = 1024;

    /// <summary>
    /// Bytes of messages one peer's inbox holds before that peer's read loop waits (and TCP slows
    /// the peer down); at least two of the largest messages.
    /// </summary>
    public int PeerInboxBytes { get; init; } = 256 * 1024;

    /// <summary>Messages one peer's inbox holds (many small UPDATEs fill it before the bytes do).</summary>
    public int PeerInboxMessages { get; init; } = 1024;

    /// <summary>Messages handled from one inbox before the worker turns to the next (round-robin fairness).</summary>
    public int MessagesPerTurn { get; init; } = 16;

    /// <summary>Events handled before the changes are sent out; more per batch packs UPDATEs fuller.</summary>
    public int MaxEventsPerBatch { get; init; } = 256;

    /// <summary>
    /// Routes of a session that went down withdrawn before their changes go to the observers (and
    /// the observers' room is asked again): what a session loss puts on its way downstream at once.
    /// </summary>
    public int WithdrawalSlice { get; init; } = 2048;

    /// <summary>
    /// How long a peer's routes stay stale after its BoRR when no EoRR follows (RFC 7313 s4 leaves
    /// the bound to us; FRR's stale-path time, 360 s).
    /// </summary>
    public TimeSpan StaleRoutesTime { get; init; } = TimeSpan.FromSeconds(360);

    /// <summary>
    /// The Graceful Restart peers whose End-of-RIB completes the initial convergence after the
    /// start (RFC 4724 s4.1); empty: it is complete at once.
    /// </summary>
    public IReadOnlyCollection<System.Net.IPAddress> InitialConvergencePeers { get; init; } = [];

    /// <summary>
    /// Defer route selection towards the observers until the initial convergence is complete, and
    /// our End-of-RIB with it: we restarted with the forwarding state kept (RFC 4724 s4.1).
    /// </summary>
    public bool DeferSelection { get; init; }

    /// <summary>
    /// Our End-of-RIB waits for <see cref="RibWorker.LocalRoutesComplete"/> (bounded by
    /// <see cref="SelectDeferTime"/>): the local routes are part of the initial table it ends
    /// (RFC 4724 s4.1), and a helper sweeps what that End-of-RIB did not re-send.
    /// </summary>
    public bool AwaitLocalRoutes { get; init; }

    /// <summary>The longest the initial convergence waits for End-of-RIBs (FRR's select-defer-time, 120 s).</summary>
    public TimeSpan SelectDeferTime { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Clock for the stale-routes timer.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public uint EffectiveClusterId => ClusterId ?? RouterId;
}
