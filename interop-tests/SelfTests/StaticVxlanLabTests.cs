using Evpnd.Interop.Tests.Harness;

namespace Evpnd.Interop.Tests.SelfTests;

/// <summary>
/// The dataplane helpers proved without any BGP: two VTEP namespaces with a bridge and a VXLAN
/// device each, a host behind each, and hand-made flood entries carry a ping between the hosts.
/// The EVPN scenario tests build the same topology and let the speakers fill the FDB instead.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class StaticVxlanLabTests : InteropTest
{
    [Test]
    public async Task HostsBehindTwoVtepsPingOverStaticFloodEntries()
    {
        Netns vtep1 = await Lab.AddNamespaceAsync("vtep1");
        Netns vtep2 = await Lab.AddNamespaceAsync("vtep2");
        VethLink underlay = await Lab.ConnectAsync(vtep1, vtep2);
        foreach ((Netns vtep, LinkEnd local, LinkEnd remote) in new[] { (vtep1, underlay.A, underlay.B), (vtep2, underlay.B, underlay.A) })
        {
            await vtep.AddBridgeAsync("br100");
            await vtep.AddVxlanAsync("vx100", 100, local.IPv4.ToString(), "br100");
            (await vtep.ExecAsync("bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "vx100", "dst", remote.IPv4.ToString(), "self", "permanent"))
                .EnsureSuccess();
        }

        Netns host1 = await Lab.AddHostAsync("h1", vtep1, "br100", "02:00:00:00:01:01", "192.168.100.1/24", "fd10::1/64");
        await Lab.AddHostAsync("h2", vtep2, "br100", "02:00:00:00:02:02", "192.168.100.2/24", "fd10::2/64");

        bool ipv4 = await Poll.UntilAsync(() => host1.PingAsync("192.168.100.2"), ok => ok, "h1 to ping h2 over IPv4");
        bool ipv6 = await Poll.UntilAsync(() => host1.PingAsync("fd10::2"), ok => ok, "h1 to ping h2 over IPv6");
        IReadOnlyList<FdbEntry> fdb = await vtep1.GetFdbAsync("vx100");

        Assert.Multiple(() =>
        {
            Assert.That(ipv4 && ipv6, Is.True);
            Assert.That(fdb.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { underlay.B.IPv4.ToString() }),
                "vtep1 floods to vtep2 only");
        });
    }
}
