using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Worker;

namespace Evpnd.Composition;

/// <summary>The EVPN worker's originations into the RIB worker's local-route input.</summary>
internal sealed class RibLocalRoutes(RibWorker rib) : ILocalRouteSink
{
    public ValueTask OriginateAsync(ReadOnlyMemory<byte> nlri, ReadOnlyMemory<byte> nextHop, IReadOnlyList<PathAttribute> attributes, CancellationToken cancellationToken) =>
        rib.OriginateAsync(AfiSafi.L2vpnEvpn, nlri, nextHop, attributes, cancellationToken);

    public ValueTask WithdrawAsync(ReadOnlyMemory<byte> nlri, CancellationToken cancellationToken) =>
        rib.WithdrawLocalAsync(AfiSafi.L2vpnEvpn, nlri, cancellationToken);

    public void LocalRoutesComplete() => rib.LocalRoutesComplete();
}
