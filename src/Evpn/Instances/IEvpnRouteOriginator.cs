using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Instances;

/// <summary>Where the engine's own EVPN routes go (the RIB's local-route input).</summary>
public interface IEvpnRouteOriginator
{
    /// <summary>Adds or replaces the route with this NLRI's key. The arrays are not reused.</summary>
    void Originate(ReadOnlyMemory<byte> nlri, ReadOnlyMemory<byte> nextHop, IReadOnlyList<PathAttribute> attributes);

    void Withdraw(ReadOnlyMemory<byte> nlri);
}
