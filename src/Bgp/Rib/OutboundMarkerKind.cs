namespace Evpnd.Bgp.Rib;

internal enum OutboundMarkerKind
{
    /// <summary>End-of-RIB after the initial table (RFC 4724 s2).</summary>
    EndOfRib,

    /// <summary>A re-advertisement after a ROUTE-REFRESH begins: BoRR when Enhanced Route Refresh was negotiated (RFC 7313 s4).</summary>
    RefreshBegin,

    /// <summary>The re-advertisement ends: EoRR when Enhanced Route Refresh was negotiated.</summary>
    RefreshEnd,
}
