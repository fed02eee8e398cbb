namespace Evpnd.Bgp.Rib;

/// <summary>A peer whose session dropped under Graceful Restart did not come back within its restart time (RFC 4724 s4.2).</summary>
internal sealed record RestartTimeExpired(RibPeerState Peer, int Generation) : RibLocalRequest;
