using Evpnd.Interop.Tests.Evpn;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Kernel;

/// <summary>
/// Issue 4 end to end: VTEP 1 run by FRR (bgpd+zebra), VTEP 2 by evpnd with its KernelSync, a
/// host behind each bridge in VNI 100. The hosts reach each other only if both control planes
/// programmed their kernels: flood lists for the first ARP/ND, MACs for the replies.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class FrrEvpndDataplaneTests : InteropTest
{
    [Test]
    public async Task HostsBehindFrrAndEvpndPingOverIpv4AndIpv6()
    {
        FrrEvpndVteps lab = await FrrEvpndVteps.CreateAsync(Lab, evpndHost: true);
        Netns h1 = lab.FrrHost;
        await lab.StartAsync();

        bool ipv4 = await Poll.UntilAsync(() => h1.PingAsync(EvpndHostIPv4), ok => ok, "h1 to ping h2 over IPv4 across the VXLAN");
        bool ipv6 = await Poll.UntilAsync(() => h1.PingAsync(EvpndHostIPv6), ok => ok, "h1 to ping h2 over IPv6 across the VXLAN");
        IReadOnlyList<FdbEntry> evpndFdb = await Poll.UntilAsync(
            () => lab.EvpndNs.GetFdbAsync(Vxlan),
            fdb => fdb.Any(e => e.IsFloodEntry && e.Dst == FrrVtep) && fdb.Any(e => e.Mac == FrrHostMac && e.Dst == FrrVtep),
            "evpnd's kernel: FRR's VTEP in the flood list and h1's MAC towards it",
            describe: fdb => string.Join("; ", fdb));
        IReadOnlyList<EvpndMac> evpndMacs = await lab.Evpnd.ShowEvpnMacsAsync(Vni);
        FdbEntry? h1Self = evpndFdb.FirstOrDefault(e => e.Mac == FrrHostMac && e.Dst == FrrVtep);
        FdbEntry? h1Master = evpndFdb.FirstOrDefault(e => e.Mac == FrrHostMac && e.Master == Bridge);
        Assert.Multiple(() =>
        {
            Assert.That(ipv4 && ipv6, Is.True);
            Assert.That(evpndFdb.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { FrrVtep }), "evpnd's flood list");
            Assert.That(h1Self?.Flags, Does.Contain("self").And.Contain("extern_learn"), $"h1's VXLAN entry: {h1Self}");
            Assert.That(h1Master?.Flags, Does.Contain("extern_learn"), $"h1's bridge entry (master br100): {string.Join("; ", evpndFdb)}");
            Assert.That(evpndMacs.SingleOrDefault(m => m.Mac == EvpndHostMac)?.Origin, Is.EqualTo("local"), "evpnd: h2 is local");
            Assert.That(evpndMacs.SingleOrDefault(m => m.Mac == FrrHostMac)?.Vtep, Is.EqualTo(FrrVtep), "evpnd: h1 is remote at FRR's VTEP");
        });

        // h2's MAC is in evpnd's bridge since h2's link came up, usually before evpnd started:
        // evpnd must find it in its first dump, not only from later netlink events.
        await Poll.UntilAsync(
            async () => (await lab.FrrNs.GetFdbAsync(Vxlan), await lab.Evpnd.ShowEvpnMacsAsync(Vni), await lab.EvpndNs.GetFdbAsync()),
            seen => seen.Item1.Any(e => e.Mac == EvpndHostMac && e.Dst == EvpndVtep),
            "FRR's kernel: h2's MAC, learned behind evpnd's bridge, towards evpnd's VTEP",
            describe: seen => $"FRR's vxlan100: {string.Join("; ", seen.Item1)} | evpnd show evpn macs: {string.Join("; ", seen.Item2)}"
                + $" | evpnd's FDB: {string.Join("; ", seen.Item3.Where(e => e.Mac == EvpndHostMac))}");
    }
}
