using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>A signal about a peer that does not travel with its messages: a few per session, from any thread.</summary>
internal readonly record struct RibControl(RibControlKind Kind, string? Reason = null, AfiSafi Family = default, int Generation = 0, bool Graceful = false);
