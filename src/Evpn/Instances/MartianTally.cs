using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>One peer's count of routes with a martian or own next hop, and the last one.</summary>
internal sealed class MartianTally(MartianNextHop last, IpAddressValue lastVtep)
{
    public MartianNextHop Last { get; set; } = last;

    public IpAddressValue LastVtep { get; set; } = lastVtep;

    public long Routes { get; set; }
}
