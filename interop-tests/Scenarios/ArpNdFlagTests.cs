using System.Text.Json;
using Evpnd.Interop.Tests.Harness;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// Issue 12, item 6: the ARP/ND extended community's router flag (RFC 9047). A host behind FRR's
/// VTEP is an IPv6 router (its neighbour advertisements carry R=1); FRR advertises its MAC+IP with
/// the flag, and evpnd installs the suppression entry with NTF_ROUTER, so that hosts answered by
/// evpnd's bridge on the router's behalf still take it as a router.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class ArpNdFlagTests : ScenarioTest
{
    private const int Vni = 100;
    private const string RouterHost = "fd00:10::2";
    private const string PlainHost = "fd00:10::3";
    private const string FrrSvi = "fd00:10::fe";

    [Test]
    public async Task RemoteIpv6RouterIsInstalledWithTheRouterFlag()
    {
        ScenarioFabric fabric = await StartFabricAsync(
            FabricKind.IbgpRouteReflector,
            new VtepSpec(1, EvpndVtep, Vni), new VtepSpec(2, VtepKind.Frr, Vni), new VtepSpec(3, VtepKind.Frr, Vni));
        ScenarioVtep evpnd = fabric.Vtep(1);
        // h2a forwards IPv6 (a router: R=1 in its advertisements), h3a does not.
        foreach (var (vtep, host, address, forwarding) in new[] { (fabric.Vtep(2), fabric.Host("h2a"), RouterHost, "1"), (fabric.Vtep(3), fabric.Host("h3a"), PlainHost, "0") })
        {
            await host.Namespace.SetSysctlAsync("net.ipv6.conf.all.disable_ipv6", "0");
            await host.Namespace.SetSysctlAsync($"net.ipv6.conf.{host.Interface}.disable_ipv6", "0");
            await host.Namespace.SetSysctlAsync("net.ipv6.conf.all.forwarding", forwarding);
            await host.Namespace.IpAsync("addr", "add", $"{address}/64", "dev", host.Interface, "nodad");
            // zebra learns a host's IP from the neighbour entry on its VTEP's SVI.
            await vtep.Namespace.IpAsync("addr", "add", $"{FrrSvi}/64", "dev", ScenarioVtep.Bridge(Vni), "nodad");
            await Poll.UntilAsync(() => vtep.Namespace.PingAsync(address), ok => ok, $"{vtep}'s SVI to reach {host} at {address}");
        }

        // FRR advertises h2a's MAC+IP with the ND router flag, h3a's without (as the reflector sees them).
        foreach (var (address, router) in new[] { (RouterHost, true), (PlainHost, false) })
        {
            var route = await Poll.UntilAsync(
                async () => (await fabric.Router!.GetEvpnRoutesAsync("macip")).FirstOrDefault(r => r.Path.Ip == address),
                r => r is not null,
                $"the reflector to hold FRR's MAC+IP route for {address}");
            TestContext.Out.WriteLine($"rr: {route}");
            Assert.That(route!.Path.ExtendedCommunity?.Text?.Contains("ND:Router Flag", StringComparison.Ordinal) ?? false, Is.EqualTo(router),
                $"FRR's route for {address} {(router ? "carries" : "does not carry")} the ND router flag: {route}");
        }

        foreach (var (address, router) in new[] { (RouterHost, true), (PlainHost, false) })
        {
            JsonElement entry = await Poll.UntilAsync(
                () => NeighborAsync(evpnd.Namespace, address),
                e => e.ValueKind == JsonValueKind.Object,
                $"{evpnd}'s neighbour entry for {address} on {ScenarioVtep.Bridge(Vni)} (from FRR's MAC+IP route)",
                describe: e => e.ToString());
            TestContext.Out.WriteLine($"{evpnd}: {entry}");
            Assert.That(entry.TryGetProperty("router", out _), Is.EqualTo(router),
                $"{address} is {(router ? "" : "not ")}a router: the entry has {(router ? "" : "no ")}NTF_ROUTER: {entry}");
        }
    }

    [Test]
    public async Task LocalIpv6RouterIsAdvertisedWithTheRouterFlag()
    {
        ScenarioFabric fabric = await StartFabricAsync(
            FabricKind.IbgpRouteReflector,
            new VtepSpec(1, EvpndVtep, Vni), new VtepSpec(2, VtepKind.Frr, Vni));
        ScenarioVtep evpnd = fabric.Vtep(1);
        ScenarioHost router = fabric.Host("h1a");
        const string RouterAddress = "fd00:10::1";
        await router.Namespace.SetSysctlAsync("net.ipv6.conf.all.disable_ipv6", "0");
        await router.Namespace.SetSysctlAsync($"net.ipv6.conf.{router.Interface}.disable_ipv6", "0");
        await router.Namespace.SetSysctlAsync("net.ipv6.conf.all.forwarding", "1");
        await router.Namespace.IpAsync("addr", "add", $"{RouterAddress}/64", "dev", router.Interface, "nodad");
        // evpnd's VTEP gets an SVI too: its kernel learns the host as a neighbour with NTF_ROUTER.
        await evpnd.Namespace.IpAsync("addr", "add", "fd00:10::fd/64", "dev", ScenarioVtep.Bridge(Vni), "nodad");
        await Poll.UntilAsync(() => evpnd.Namespace.PingAsync(RouterAddress), ok => ok, $"{evpnd}'s SVI to reach {router}");
        JsonElement local = await Poll.UntilAsync(
            () => NeighborAsync(evpnd.Namespace, RouterAddress),
            e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("router", out _),
            $"{evpnd}'s kernel to know {RouterAddress} as a router on {ScenarioVtep.Bridge(Vni)}",
            describe: e => e.ToString());
        TestContext.Out.WriteLine($"{evpnd}: {local}");

        var route = await Poll.UntilAsync(
            async () => (await fabric.Router!.GetEvpnRoutesAsync("macip")).FirstOrDefault(r => r.Path.Ip == RouterAddress),
            r => r is not null && (r.Path.ExtendedCommunity?.Text?.Contains("ND:Router Flag", StringComparison.Ordinal) ?? false),
            $"evpnd's MAC+IP route for {RouterAddress} with the ND router flag at the reflector",
            describe: r => r?.ToString() ?? "no route");
        TestContext.Out.WriteLine($"rr: {route}");
    }

    /// <summary>`ip -j -6 neigh show ADDRESS dev br100`: the entry, or an undefined element when there is none.</summary>
    private static async Task<JsonElement> NeighborAsync(Netns ns, string address)
    {
        CommandResult result = await ns.ExecAsync("ip", "-j", "-6", "neigh", "show", address, "dev", ScenarioVtep.Bridge(Vni));
        JsonElement[] entries = string.IsNullOrWhiteSpace(result.Stdout) ? [] : Json.Parse<JsonElement[]>(result.Stdout, "ip -j neigh show");
        return entries.FirstOrDefault(e => e.TryGetProperty("lladdr", out _));
    }
}
