using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// A VTEP of a <see cref="ScenarioFabric"/>: namespace "vtepN" with VTEP address 10.255.0.N on
/// lo, an uplink to the router, and per VNI a bridge "brV" with a VXLAN device "vxlanV".
/// </summary>
public sealed class ScenarioVtep
{
    internal ScenarioVtep(VtepSpec spec, Netns ns, uint asn, LinkEnd uplink, LinkEnd routerSide)
    {
        Spec = spec;
        Namespace = ns;
        Asn = asn;
        Uplink = uplink;
        RouterSide = routerSide;
    }

    public VtepSpec Spec { get; }

    public int Index => Spec.Index;

    public VtepKind Kind => Spec.Kind;

    public IReadOnlyList<int> Vnis => Spec.Vnis;

    public Netns Namespace { get; }

    public uint Asn { get; }

    /// <summary>The VXLAN source address (and router id), 10.255.0.N.</summary>
    public string Address => $"10.255.0.{Index}";

    /// <summary>This VTEP's end of the underlay link.</summary>
    public LinkEnd Uplink { get; }

    /// <summary>The router's end of the same link (the VTEP's BGP neighbor).</summary>
    public LinkEnd RouterSide { get; }

    public EvpndNode? Evpnd { get; internal set; }

    public FrrNode? Frr { get; internal set; }

    public string Name => $"vtep{Index} ({Kind})";

    public EvpndNode RequireEvpnd() => Evpnd ?? throw new LabException($"{Name} is not run by evpnd");

    public FrrNode RequireFrr() => Frr ?? throw new LabException($"{Name} is not run by FRR");

    public static string Bridge(int vni) => $"br{vni}";

    public static string Vxlan(int vni) => $"vxlan{vni}";

    /// <summary>`bridge fdb show dev vxlanV`: the flood list (all-zero MAC) and the remote MACs.</summary>
    public Task<IReadOnlyList<FdbEntry>> GetVxlanFdbAsync(int vni) => Namespace.GetFdbAsync(Vxlan(vni));

    public override string ToString() => Name;
}
