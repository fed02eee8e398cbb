using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>The MACs whose remote MAC+IP routes claim one IP in one VNI, and what the dataplane was told.</summary>
internal sealed class NeighborEntry
{
    public List<MacAddress> Candidates { get; } = new(1);

    public MacAddress? Installed { get; set; }

    public bool InstalledRouter { get; set; }
}
