using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Evpn;

/// <summary>
/// Two VTEPs in VNI 100 joined by one underlay link, eBGP between them:
/// <code>
///   h1 --br100/vxlan100-- [frr: FRR bgpd+zebra, VTEP 10.255.0.1] --10.0.1.0/24-- [evpnd: VTEP 10.255.0.2] --br100/vxlan100-- (h2)
/// </code>
/// FRR's host h1 is always there; evpnd's host h2 only when asked for. Built stopped, so that a
/// test can prepare the kernel first; <see cref="StartAsync"/> starts both and waits for the session.
/// </summary>
internal sealed class FrrEvpndVteps
{
    private FrrEvpndVteps(Netns frrNs, Netns evpndNs, VethLink link, Netns frrHost, Netns? evpndHost, FrrNode frr, EvpndNode evpnd, bool ipv6Transport)
    {
        FrrNs = frrNs;
        EvpndNs = evpndNs;
        Link = link;
        FrrHost = frrHost;
        EvpndHost = evpndHost;
        Frr = frr;
        Evpnd = evpnd;
        FrrPeerAddress = ipv6Transport ? link.A.IPv6.ToString() : link.A.IPv4.ToString();
        EvpndPeerAddress = ipv6Transport ? link.B.IPv6.ToString() : link.B.IPv4.ToString();
    }

    public Netns FrrNs { get; }

    public Netns EvpndNs { get; }

    public VethLink Link { get; }

    public Netns FrrHost { get; }

    public Netns? EvpndHost { get; }

    public FrrNode Frr { get; }

    public EvpndNode Evpnd { get; }

    /// <summary>FRR's end of the BGP session (IPv4 or IPv6 link address).</summary>
    public string FrrPeerAddress { get; }

    /// <summary>evpnd's end of the BGP session.</summary>
    public string EvpndPeerAddress { get; }

    /// <param name="ipv6Transport">Run the BGP session over the link's IPv6 addresses (the VTEPs stay IPv4).</param>
    /// <param name="evpndHost">Put host h2 behind evpnd's bridge.</param>
    /// <param name="staticMacs">evpnd's `evpn.vnis[].macs` for VNI 100.</param>
    public static Task<FrrEvpndVteps> CreateAsync(Lab lab, bool ipv6Transport = false, bool evpndHost = false, params string[] staticMacs) =>
        CreateAsync(lab, FrrAs, EvpndAs, ipv6Transport, evpndHost, staticMacs);

    /// <param name="frrAs">FRR's AS (4-octet ones included).</param>
    /// <param name="evpndAs">evpnd's AS.</param>
    public static async Task<FrrEvpndVteps> CreateAsync(Lab lab, uint frrAs, uint evpndAs, bool ipv6Transport = false, bool evpndHost = false, params string[] staticMacs)
    {
        Netns frrNs = await lab.AddNamespaceAsync("frr");
        Netns evpndNs = await lab.AddNamespaceAsync("evpnd");
        VethLink link = await lab.ConnectAsync(frrNs, evpndNs);
        await VtepNamespace.PrepareAsync(frrNs, FrrVtep, link.B.IPv4.ToString());
        await VtepNamespace.PrepareAsync(evpndNs, EvpndVtep, link.A.IPv4.ToString());
        Netns frrHost = await VtepNamespace.AddHostAsync(lab, "h1", frrNs, FrrHostMac, FrrHostIPv4, FrrHostIPv6);
        Netns? evpndHostNs = evpndHost
            ? await VtepNamespace.AddHostAsync(lab, "h2", evpndNs, EvpndHostMac, EvpndHostIPv4, EvpndHostIPv6)
            : null;

        string frrAddress = ipv6Transport ? link.A.IPv6.ToString() : link.A.IPv4.ToString();
        string evpndAddress = ipv6Transport ? link.B.IPv6.ToString() : link.B.IPv4.ToString();
        FrrNode frr = lab.AddFrr(frrNs, frrAs, FrrVtep)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, $"{evpndAs}") { HoldTime = 9 });
        frr.EvpnConfig.Add("advertise-all-vni");
        EvpndNode evpnd = lab.AddEvpnd(evpndNs, evpndAs, EvpndVtep)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, $"{frrAs}"));
        evpnd.ExtraYaml = VtepNamespace.EvpndYaml(lab, evpndNs, EvpndVtep, staticMacs);
        return new FrrEvpndVteps(frrNs, evpndNs, link, frrHost, evpndHostNs, frr, evpnd, ipv6Transport);
    }

    /// <summary>Starts FRR, then evpnd, and waits until both see the session Established.</summary>
    public async Task StartAsync()
    {
        await Frr.StartAsync();
        await Evpnd.StartAsync();
        await Evpnd.WaitForNeighborStateAsync(FrrPeerAddress, "Established");
        await Frr.WaitForNeighborStateAsync(EvpndPeerAddress, "Established");
    }

    /// <summary>
    /// Waits until FRR has learned h1's MAC and advertises it: the host sends ARP broadcasts (a
    /// ping to an unused address) until FRR's table holds its own type-2 for the MAC.
    /// </summary>
    public Task<IReadOnlyList<FrrEvpnRoute>> WaitForFrrHostRouteAsync() =>
        Poll.UntilAsync(
            async () =>
            {
                _ = await FrrHost.PingAsync(UnusedHostIPv4);
                return await Frr.GetEvpnRoutesAsync();
            },
            routes => routes.Any(r => r.Path.RouteType == 2 && r.Path.Mac == FrrHostMac),
            "FRR to learn h1's MAC and originate its type-2 route",
            describe: routes => string.Join("; ", routes));
}
