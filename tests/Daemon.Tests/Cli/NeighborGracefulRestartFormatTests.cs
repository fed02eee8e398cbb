using System.Text.Json;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Session;
using Evpnd.Daemon.Cli;
using Evpnd.Daemon.Control;

namespace Evpnd.Daemon.Tests.Cli;

/// <summary>`show neighbor` with Graceful Restart: the RIB's stale routes and timers merged in, as text and JSON.</summary>
public sealed class NeighborGracefulRestartFormatTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static NeighborStatus Neighbor(GracefulRestartStatus gr) => new()
    {
        Address = "10.0.0.1",
        RemoteAs = "65001",
        LocalAs = 65002,
        State = "Active",
        MessagesIn = new MessageCounters(),
        MessagesOut = new MessageCounters(),
        GracefulRestart = gr,
    };

    private static readonly GracefulRestartStatus s_helper = new()
    {
        Enabled = true,
        Negotiated = true,
        NotificationBit = true,
        LocalForwardingPreserved = true,
        PeerRestartTime = 120,
        PeerRestarting = false,
        PeerForwardingPreserved = true,
    };

    [Test]
    public void AHelperWaitingForItsPeer_ShowsStaleRoutesAndTheRestartTimer()
    {
        var n = NeighborRestartState.With(Neighbor(s_helper), new PeerRestartStatus(3, true, s_now.AddSeconds(95), null), s_now);

        var text = NeighborFormatter.Detail(n);

        Assert.That(text, Does.Contain(
            "Graceful restart:           helper (peer restarting), peer restart time 120 s, peer R/F 0/1, local R/F 0/1, N (RFC 8538), 3 stale routes, restart timer 95 s left"));
    }

    [Test]
    public void Json_CarriesTheSameFields()
    {
        var n = NeighborRestartState.With(Neighbor(s_helper), new PeerRestartStatus(2, false, null, s_now.AddSeconds(300)), s_now);

        var json = JsonSerializer.SerializeToNode(n, ControlJsonContext.Default.NeighborStatus)!["gracefulRestart"]!;

        Assert.That(((int)json["staleRoutes"]!, (long?)json["staleTimerSeconds"], (bool)json["helperActive"]!, (int?)json["peerRestartTime"]),
            Is.EqualTo((2, (long?)300, false, (int?)120)));
    }

    [Test]
    public void Disabled_SaysSo()
    {
        Assert.That(NeighborFormatter.Detail(Neighbor(new GracefulRestartStatus { Enabled = false })), Does.Contain("Graceful restart:           disabled"));
    }
}
