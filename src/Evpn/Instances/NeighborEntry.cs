using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>The remote MAC+IP routes for one IP in one VNI, and the MAC the dataplane was told.</summary>
internal sealed class NeighborEntry
{
    public List<RemoteRoute> Candidates { get; } = [];

    public MacAddress? Installed { get; set; }
}
