using System.Net;

namespace Evpnd.Bgp.Session;

/// <summary>What <see cref="BgpSpeaker.ReconfigureAsync"/> changed, by neighbor address.</summary>
/// <param name="Added">New neighbors, started.</param>
/// <param name="Removed">Neighbors no longer configured, stopped with Cease 6/3.</param>
/// <param name="Reset">Neighbors whose session parameters changed, reset with Cease 6/6.</param>
/// <param name="Relabelled">Neighbors whose description alone changed; their sessions stayed up.</param>
public sealed record NeighborChanges(IReadOnlyList<IPAddress> Added, IReadOnlyList<IPAddress> Removed, IReadOnlyList<IPAddress> Reset, IReadOnlyList<IPAddress> Relabelled);
