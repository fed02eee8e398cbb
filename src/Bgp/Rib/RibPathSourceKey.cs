using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>What makes two routes share a <see cref="RibPathSource"/>: family, attribute set and next hop (both interned, compared by reference).</summary>
internal readonly record struct RibPathSourceKey(AfiSafi Family, PathAttributeSet Attributes, byte[] NextHop);
