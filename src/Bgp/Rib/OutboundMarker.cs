using System.Buffers.Binary;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// A message that must leave in order with a peer's UPDATEs: End-of-RIB after the initial dump,
/// BoRR before and EoRR after a re-advertisement. Queued in the <see cref="AdjRibOutPending"/>
/// between the routes it delimits.
/// </summary>
internal sealed class OutboundMarker
{
    /// <summary>Room a marker needs: End-of-RIB is 30 bytes, a ROUTE-REFRESH 23.</summary>
    public const int MaxLength = 32;

    public OutboundMarker(OutboundMarkerKind kind, AfiSafi family)
    {
        Kind = kind;
        Family = family;
    }

    public OutboundMarkerKind Kind { get; }

    public AfiSafi Family { get; }

    /// <summary>Writes the message (nothing for BoRR/EoRR to a peer without Enhanced Route Refresh) and returns its length.</summary>
    public int Write(Span<byte> destination, bool enhancedRouteRefresh)
    {
        if (Kind == OutboundMarkerKind.EndOfRib)
        {
            return UpdateWriter.WriteEndOfRib(destination, Family);
        }
        if (!enhancedRouteRefresh)
        {
            return 0;
        }
        // RFC 7313 s3: ROUTE-REFRESH with the message subtype in the reserved byte, AFI(2) Subtype(1) SAFI(1).
        const int length = BgpHeader.Length + 4;
        BgpMessageCodec.WriteHeader(destination, length, BgpMessageType.RouteRefresh);
        var body = destination[BgpHeader.Length..];
        BinaryPrimitives.WriteUInt16BigEndian(body, Family.Afi);
        body[2] = (byte)(Kind == OutboundMarkerKind.RefreshBegin ? RouteRefreshSubtype.BeginningOfRouteRefresh : RouteRefreshSubtype.EndOfRouteRefresh);
        body[3] = Family.Safi;
        return length;
    }

    public override string ToString() => $"{Kind} {Family}";
}
