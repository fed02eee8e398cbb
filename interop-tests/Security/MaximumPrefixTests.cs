using System.Globalization;
using System.Net;
using Evpnd.Interop.Tests.Evpn;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.RawBgp;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Security;

/// <summary>
/// maximum-prefix against a BGP peer of the tests' own (<see cref="RawBgpPeer"/>) that announces
/// MAC routes for VNI 100 to evpnd, which installs them into its kernel:
/// <code>
///   [peer 10.0.1.1, AS 65011, VTEP 10.255.0.11] --10.0.1.0/24-- [evpnd 10.0.1.2, br100/vxlan100]
/// </code>
/// Past the limit the peer gets Cease 6/1 with AFI/SAFI and the limit (RFC 4486 s4), and the
/// kernel never holds more than the limit of its MACs; with warning-only the session stays.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class MaximumPrefixTests : InteropTest
{
    private const uint PeerAs = 65011;
    private static readonly RawEvpnOrigin s_origin = new(PeerAs, IPAddress.Parse("10.255.0.11"), IPAddress.Parse("10.255.0.11"), 100, Vni);

    private Netns _peerNs = null!;
    private Netns _dut = null!;
    private string _peerAddress = "";
    private string _dutAddress = "";

    private static IEnumerable<ulong> Macs(int from, int count) => Enumerable.Range(from, count).Select(i => 0x0211_0000_0000UL + (ulong)i);

    private async Task<EvpndNode> StartAsync(string maximumPrefix)
    {
        _peerNs = await Lab.AddNamespaceAsync("peer");
        _dut = await Lab.AddNamespaceAsync("dut");
        VethLink link = await Lab.ConnectAsync(_peerNs, _dut);
        _peerAddress = link.A.IPv4.ToString();
        _dutAddress = link.B.IPv4.ToString();
        await VtepNamespace.PrepareAsync(_dut, EvpndVtep, _peerAddress);
        EvpndNode evpnd = Lab.AddEvpnd(_dut, EvpndAs, EvpndVtep)
            .AddNeighbor(new EvpndNeighborConfig(_peerAddress, PeerAs.ToString(CultureInfo.InvariantCulture))
            {
                Passive = true,
                ExtraLines = [$"maximum-prefix: {maximumPrefix}"],
            });
        evpnd.ExtraYaml = VtepNamespace.EvpndYaml(Lab, _dut, EvpndVtep);
        await evpnd.StartAsync();
        return evpnd;
    }

    private async Task<RawBgpPeer> ConnectAsync(EvpndNode evpnd)
    {
        var peer = await RawBgpPeer.ConnectAsync(_peerNs, "peer", _peerAddress, _dutAddress);
        await peer.EstablishAsync(PeerAs, s_origin.Vtep, 9, keepReading: true);
        await evpnd.WaitForNeighborStateAsync(_peerAddress, "Established");
        return peer;
    }

    private Task<int> KernelMacsAsync() => VtepNamespace.KernelMacCountAsync(_dut, s_origin.Vtep);

    [Test]
    public async Task PastTheLimit_TheSessionEndsWithCease61_AndTheKernelNeverHoldsMore()
    {
        const int limit = 10;
        EvpndNode evpnd = await StartAsync($"{{ limit: {limit}, warning-threshold: 80 }}");
        await using RawBgpPeer peer = await ConnectAsync(evpnd);
        await peer.SendAsync(RawBgpMessages.MacAnnouncements(s_origin, Macs(0, limit)));
        await Poll.UntilAsync(KernelMacsAsync, n => n == limit, $"{limit} MACs in evpnd's kernel");
        EvpndNeighbor atLimit = await evpnd.GetNeighborAsync(_peerAddress);

        await peer.SendAsync(RawBgpMessages.MacAnnouncements(s_origin, Macs(limit, 1)));
        int most = 0;
        await Poll.UntilAsync(
            async () =>
            {
                most = Math.Max(most, await KernelMacsAsync());
                return peer.NotificationReceived;
            },
            n => n is not null, "a NOTIFICATION from evpnd");
        EvpndNeighbor down = await evpnd.WaitForNeighborAsync(_peerAddress, n => n.State != "Established", "down");
        await Poll.UntilAsync(KernelMacsAsync, n => n == 0, "the peer's MACs gone from the kernel with its session");
        // Held down (restart 0): a new connection gets no OPEN.
        var again = await RawBgpPeer.ConnectAsync(_peerNs, "peer-again", _peerAddress, _dutAddress);
        await using (again)
        {
            // Closed before our OPEN, or reset (it closes with the peer's OPEN unread): no OPEN either way.
            Assert.That(async () => await again.EstablishAsync(PeerAs, s_origin.Vtep, 9, keepReading: false),
                Throws.InstanceOf<LabException>().Or.InstanceOf<System.Net.Sockets.SocketException>(), "held down: no OPEN");
        }

        // `evpnd clear neighbor` lifts the hold: the peer comes back.
        (await evpnd.CliAsync("clear", "neighbor", _peerAddress)).EnsureSuccess();
        await using RawBgpPeer back = await ConnectAsync(evpnd);

        Assert.Multiple(() =>
        {
            Assert.That(atLimit.MaximumPrefix, Is.EqualTo(new EvpndMaximumPrefix { Limit = limit, Accepted = limit, State = "warning" }));
            Assert.That(peer.NotificationReceived, Is.EqualTo("6/1"));
            Assert.That(Convert.ToHexString(peer.NotificationData!), Is.EqualTo("0019" + "46" + "0000000A"), "AFI 25, SAFI 70, limit 10");
            Assert.That(most, Is.LessThanOrEqualTo(limit), "the kernel never held more than the limit of the peer's MACs");
            Assert.That(down.LastNotificationSent, Does.StartWith("6/1"));
            Assert.That(down.MaximumPrefix?.State, Is.EqualTo("exceeded"));
            Assert.That(evpnd.Process!.LogLines.Count(l => l.Contains("of its maximum-prefix limit of 10", StringComparison.Ordinal)), Is.EqualTo(1),
                "the threshold (8 of 10) logged once");
        });
    }

    [Test]
    public async Task WarningOnly_KeepsTheSession_AndLogsOnce()
    {
        const int limit = 5;
        EvpndNode evpnd = await StartAsync($"{{ limit: {limit}, warning-only: true }}");
        await using RawBgpPeer peer = await ConnectAsync(evpnd);

        await peer.SendAsync(RawBgpMessages.MacAnnouncements(s_origin, Macs(0, 8)));
        await Poll.UntilAsync(KernelMacsAsync, n => n == 8, "all 8 MACs in evpnd's kernel");
        await peer.SendAsync(RawBgpMessages.MacAnnouncements(s_origin, Macs(8, 2)));
        await Poll.UntilAsync(KernelMacsAsync, n => n == 10, "all 10 MACs in evpnd's kernel");
        EvpndNeighbor n = await evpnd.GetNeighborAsync(_peerAddress);

        Assert.Multiple(() =>
        {
            Assert.That(n.State, Is.EqualTo("Established"));
            Assert.That(n.EstablishedTransitions, Is.EqualTo(1));
            Assert.That(peer.NotificationReceived, Is.Null);
            Assert.That(n.MaximumPrefix, Is.EqualTo(new EvpndMaximumPrefix { Limit = limit, WarningOnly = true, Accepted = 10, State = "exceeded" }));
            Assert.That(evpnd.Process!.LogLines.Count(l => l.Contains("warning-only, the session stays up", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }
}
