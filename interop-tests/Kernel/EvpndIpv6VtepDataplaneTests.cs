using Evpnd.Interop.Tests.Evpn;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Kernel;

/// <summary>
/// An IPv6 underlay end to end, which FRR 8.4 cannot join (no IPv6 VTEPs): two evpnd VTEPs with
/// IPv6 VTEP addresses, eBGP over IPv6, a host behind each bridge in VNI 100. The hosts reach
/// each other only through the IPv6 flood and MAC entries each evpnd programs.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class EvpndIpv6VtepDataplaneTests : InteropTest
{
    private const string Vtep1 = "fd00:255::1";

    [Test]
    public async Task HostsBehindTwoEvpndsWithIpv6VtepsPing()
    {
        Netns vtep1 = await Lab.AddNamespaceAsync("vtep1");
        Netns vtep2 = await Lab.AddNamespaceAsync("vtep2");
        VethLink link = await Lab.ConnectAsync(vtep1, vtep2);
        string address1 = link.A.IPv6.ToString();
        string address2 = link.B.IPv6.ToString();
        await VtepNamespace.PrepareAsync(vtep1, Vtep1, address2, Vtep6Range);
        await VtepNamespace.PrepareAsync(vtep2, EvpndVtep6, address1, Vtep6Range);
        Netns h1 = await VtepNamespace.AddHostAsync(Lab, "h1", vtep1, FrrHostMac, FrrHostIPv4, FrrHostIPv6);
        await VtepNamespace.AddHostAsync(Lab, "h2", vtep2, EvpndHostMac, EvpndHostIPv4, EvpndHostIPv6);
        EvpndNode evpnd1 = Lab.AddEvpnd(vtep1, FrrAs, FrrVtep).AddNeighbor(new EvpndNeighborConfig(address2, $"{EvpndAs}"));
        evpnd1.ExtraYaml = VtepNamespace.EvpndYaml(Lab, vtep1, Vtep1);
        EvpndNode evpnd2 = Lab.AddEvpnd(vtep2, EvpndAs, EvpndVtep).AddNeighbor(new EvpndNeighborConfig(address1, $"{FrrAs}"));
        evpnd2.ExtraYaml = VtepNamespace.EvpndYaml(Lab, vtep2, EvpndVtep6);
        await evpnd1.StartAsync();
        await evpnd2.StartAsync();
        await evpnd1.WaitForNeighborStateAsync(address2, "Established");

        bool ipv4 = await Poll.UntilAsync(() => h1.PingAsync(EvpndHostIPv4), ok => ok, "h1 to ping h2 over IPv4 across the IPv6 underlay");
        bool ipv6 = await Poll.UntilAsync(() => h1.PingAsync(EvpndHostIPv6), ok => ok, "h1 to ping h2 over IPv6 across the IPv6 underlay");
        IReadOnlyList<FdbEntry> fdb1 = await Poll.UntilAsync(
            () => vtep1.GetFdbAsync(Vxlan),
            fdb => fdb.Any(e => e.IsFloodEntry && e.Dst == EvpndVtep6) && fdb.Any(e => e.Mac == EvpndHostMac && e.Dst == EvpndVtep6),
            "vtep1's kernel: vtep2's IPv6 VTEP in the flood list and h2's MAC towards it",
            describe: fdb => string.Join("; ", fdb));
        IReadOnlyList<FdbEntry> fdb2 = await Poll.UntilAsync(
            () => vtep2.GetFdbAsync(Vxlan),
            fdb => fdb.Any(e => e.IsFloodEntry && e.Dst == Vtep1) && fdb.Any(e => e.Mac == FrrHostMac && e.Dst == Vtep1),
            "vtep2's kernel: vtep1's IPv6 VTEP in the flood list and h1's MAC towards it",
            describe: fdb => string.Join("; ", fdb));
        IReadOnlyList<EvpndVni> vnis = await evpnd1.ShowEvpnVniAsync(Vni);

        Assert.Multiple(() =>
        {
            Assert.That(ipv4 && ipv6, Is.True);
            Assert.That(fdb1.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { EvpndVtep6 }), "vtep1's flood list");
            Assert.That(fdb2.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { Vtep1 }), "vtep2's flood list");
            Assert.That(fdb1.Single(e => e.Mac == EvpndHostMac && e.Dst == EvpndVtep6).Flags, Does.Contain("extern_learn"));
            Assert.That(vnis.SingleOrDefault()?.LocalVtep, Is.EqualTo(Vtep1));
            Assert.That(vnis.SingleOrDefault()?.RemoteVteps, Is.EqualTo(new[] { EvpndVtep6 }));
        });
    }
}
