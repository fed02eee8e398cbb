using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Tests.Session;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>The worker as the session engine's sink, over a real loopback session.</summary>
public sealed class RibWorkerSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Session_GetsEndOfRib_ItsRoutesReachTheLocRib_AndLeaveWhenItGoesDown()
    {
        var worker = new RibWorker(Options());
        await using var session = await RibSession.StartAsync(worker);
        await using var raw = await RawPeer.ConnectAsync(session.Speaker.ListenEndPoint!);
        await raw.SendAsync(RawPeer.Open(65002, 0x0A000002));
        await raw.ExpectAsync(BgpMessageType.Open, Timeout);
        await raw.SendAsync(KeepaliveMessage.Instance);

        // The RIB's initial dump of an empty table is just End-of-RIB.
        await raw.ExpectAsync(BgpMessageType.Update, Timeout);
        await raw.SendRawAsync(Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));
        await WaitForLocRibAsync(worker, 2);

        await raw.SendAsync(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeReset, "bye"));
        await WaitForLocRibAsync(worker, 0);
    }

    [Test]
    public async Task RouteRefreshOverTheSession_IsAnsweredBetweenBoRRAndEoRR()
    {
        var worker = new RibWorker(Options());
        await using var session = await RibSession.StartAsync(worker);
        await worker.OriginateAsync(Evpn, Type2(7), Vtep(1), Attributes());
        await using var raw = await RawPeer.ConnectAsync(session.Speaker.ListenEndPoint!);
        var open = RawPeer.Open(65002, 0x0A000002);
        await raw.SendAsync(open with { Capabilities = open.Capabilities.Add(EnhancedRouteRefreshCapability.Instance) });
        await raw.ExpectAsync(BgpMessageType.Open, Timeout);
        await raw.SendAsync(KeepaliveMessage.Instance);
        // The initial dump (our route), then End-of-RIB: two UPDATEs.
        await raw.ExpectAsync(BgpMessageType.Update, Timeout);
        await raw.ExpectAsync(BgpMessageType.Update, Timeout);

        await raw.SendAsync(new RouteRefreshMessage(Evpn));

        Assert.That(await NextNotKeepaliveAsync(raw), Is.EqualTo((BgpMessageType.RouteRefresh, (BgpMessage?)new RouteRefreshMessage(Evpn, RouteRefreshSubtype.BeginningOfRouteRefresh))));
        Assert.That((await NextNotKeepaliveAsync(raw)).Type, Is.EqualTo(BgpMessageType.Update));
        Assert.That(await NextNotKeepaliveAsync(raw), Is.EqualTo((BgpMessageType.RouteRefresh, (BgpMessage?)new RouteRefreshMessage(Evpn, RouteRefreshSubtype.EndOfRouteRefresh))));
    }

    private static async Task<(BgpMessageType Type, BgpMessage? Message)> NextNotKeepaliveAsync(RawPeer raw)
    {
        while (true)
        {
            var next = await raw.ReadAsync(Timeout) ?? throw new AssertionException("the connection closed");
            if (next.Type != BgpMessageType.Keepalive)
            {
                return next;
            }
        }
    }

    private static async Task WaitForLocRibAsync(RibWorker worker, int count)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while ((await worker.QueryAsync(RibView.LocRib, Evpn)).Count != count)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the Loc-RIB did not reach {count} routes");
            }
            await Task.Delay(20);
        }
    }
}
