using System.Net;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>One path in a RIB snapshot for the CLI.</summary>
public sealed record RibRoute(
    AfiSafi Family,
    ReadOnlyMemory<byte> Nlri,
    ReadOnlyMemory<byte> NextHop,
    PathAttributeSet Attributes,
    IPAddress? Peer,
    bool IsLocal,
    bool IsBest);
