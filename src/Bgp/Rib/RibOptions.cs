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

    /// <summary>Events the channel holds before senders wait (back-pressure on the peers' read loops).</summary>
    public int ChannelCapacity { get; init; } = 1024;

    /// <summary>Events handled before the changes are sent out; more per batch packs UPDATEs fuller.</summary>
    public int MaxEventsPerBatch { get; init; } = 256;

    public uint EffectiveClusterId => ClusterId ?? RouterId;
}
