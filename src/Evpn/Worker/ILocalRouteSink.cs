using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Worker;

/// <summary>Where the worker sends the engine's own routes: the RIB's local-route input.</summary>
public interface ILocalRouteSink
{
    ValueTask OriginateAsync(ReadOnlyMemory<byte> nlri, ReadOnlyMemory<byte> nextHop, IReadOnlyList<PathAttribute> attributes, CancellationToken cancellationToken);

    ValueTask WithdrawAsync(ReadOnlyMemory<byte> nlri, CancellationToken cancellationToken);

    /// <summary>
    /// Every local route of the start (the VNIs and hosts the kernel held) has been originated
    /// above: the End-of-RIB that ends our initial table may follow (RFC 4724 s4.1).
    /// </summary>
    void LocalRoutesComplete();
}
