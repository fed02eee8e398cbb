using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// What the RIB needs to know about one address family (BIRD's per-family descriptor): how to
/// split an MP_REACH/MP_UNREACH NLRI block into routes (RFC 4760 s5) and which bytes of a route
/// identify it. Implementations must be stateless: <see cref="ReadNlri"/> is also called off the
/// worker, to check locally originated routes.
/// </summary>
public interface IRibFamily
{
    AfiSafi Family { get; }

    /// <summary>The longest key <see cref="WriteKey"/> produces.</summary>
    int MaxKeyLength { get; }

    /// <summary>
    /// Reads the NLRI at the start of <paramref name="block"/>. <paramref name="length"/> is its
    /// size for every status but <see cref="NlriReadStatus.Truncated"/>.
    /// </summary>
    NlriReadStatus ReadNlri(ReadOnlySpan<byte> block, out int length);

    /// <summary>
    /// Writes the key of a route <see cref="ReadNlri"/> accepted (for EVPN: the route type, the RD
    /// and the type's key fields, not labels or ESI) and returns its length. Two NLRI with the same
    /// key are two paths of one route.
    /// </summary>
    int WriteKey(ReadOnlySpan<byte> nlri, Span<byte> key);
}
