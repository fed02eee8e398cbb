using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Gobgp;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Evpn;

/// <summary>
/// evpnd and GoBGP over one link, eBGP, with L2VPN/EVPN Established on both sides. GoBGP is
/// passive: evpnd connects at once, where GoBGP would wait 5-10 s before its first try.
/// </summary>
internal sealed record EvpndGobgpPair(GobgpNode Gobgp, EvpndNode Evpnd, Netns EvpndNs, string GobgpAddress, string EvpndAddress)
{
    /// <param name="ipv6">Session over IPv6 and an IPv6 VTEP for evpnd; else IPv4 for both.</param>
    public static async Task<EvpndGobgpPair> StartAsync(Lab lab, bool ipv6)
    {
        Netns gobgpNs = await lab.AddNamespaceAsync("gobgp");
        Netns evpndNs = await lab.AddNamespaceAsync("evpnd");
        VethLink link = await lab.ConnectAsync(gobgpNs, evpndNs);
        string gobgpAddress = (ipv6 ? link.A.IPv6 : link.A.IPv4).ToString();
        string evpndAddress = (ipv6 ? link.B.IPv6 : link.B.IPv4).ToString();
        string vtep = ipv6 ? EvpndVtep6 : EvpndVtep;
        if (ipv6)
        {
            await VtepNamespace.PrepareAsync(evpndNs, vtep, gobgpAddress, Vtep6Range);
        }
        else
        {
            await VtepNamespace.PrepareAsync(evpndNs, vtep, gobgpAddress);
        }
        GobgpNode gobgp = lab.AddGobgp(gobgpNs, GobgpAs, GobgpVtep)
            .AddNeighbor(new GobgpNeighborConfig(evpndAddress, EvpndAs) { Passive = true });
        EvpndNode evpnd = lab.AddEvpnd(evpndNs, EvpndAs, EvpndVtep)
            .AddNeighbor(new EvpndNeighborConfig(gobgpAddress, $"{GobgpAs}"));
        evpnd.ExtraYaml = VtepNamespace.EvpndYaml(lab, evpndNs, vtep, StaticMac);
        await gobgp.StartAsync();
        await evpnd.StartAsync();
        await evpnd.WaitForNeighborStateAsync(gobgpAddress, "Established");
        await gobgp.WaitForNeighborStateAsync(evpndAddress, GobgpSessionState.Established);
        return new EvpndGobgpPair(gobgp, evpnd, evpndNs, gobgpAddress, evpndAddress);
    }
}
