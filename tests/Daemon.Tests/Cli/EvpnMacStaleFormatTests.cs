using System.Net;
using System.Text.Json;
using Evpnd.Daemon.Cli;
using Evpnd.Daemon.Control;
using Evpnd.Evpn.Instances;
using Evpnd.KernelSync;

namespace Evpnd.Daemon.Tests.Cli;

/// <summary>`show evpn macs` while a Graceful Restart peer is down: its remote MACs are flagged stale, as text and JSON.</summary>
public sealed class EvpnMacStaleFormatTests
{
    private static readonly IPAddress s_restarting = IPAddress.Parse("10.0.1.254");
    private static readonly IPAddress s_up = IPAddress.Parse("10.0.2.254");

    private static MacList Macs(Func<IPAddress, bool> peerStale) => new(
    [
        MacView.Of(new EvpnMacSnapshot(new Vni(100), MacAddress.Parse("02:00:00:00:00:01"), [], IPAddress.Parse("10.255.0.1"), 0, false, false, false, false, s_restarting), peerStale),
        MacView.Of(new EvpnMacSnapshot(new Vni(100), MacAddress.Parse("02:00:00:00:00:02"), [], IPAddress.Parse("10.255.0.2"), 0, false, false, false, false, s_up), peerStale),
        MacView.Of(new EvpnMacSnapshot(new Vni(100), MacAddress.Parse("02:00:00:00:00:03"), [], null, 0, false, true, false, false), peerStale),
    ]);

    [Test]
    public void RemoteMacsOfAPeerWithStaleRoutes_AreFlaggedStale()
    {
        var list = Macs(peer => peer.Equals(s_restarting));

        Assert.That(list.Macs.Select(m => m.Stale), Is.EqualTo(new[] { true, false, false }));
        var lines = EvpnFormatter.Macs(list).Split('\n');
        Assert.That(lines, Has.Some.Contains("G=stale"));
        Assert.That(lines.Single(l => l.StartsWith("02:00:00:00:00:01", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], Is.EqualTo("G"));
        Assert.That(lines.Single(l => l.StartsWith("02:00:00:00:00:02", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], Is.EqualTo("10.255.0.2"), "no flag");
        var json = JsonSerializer.SerializeToElement(list, ControlJsonContext.Default.MacList);
        Assert.That(json.GetProperty("macs")[0].GetProperty("stale").GetBoolean(), Is.True);
        Assert.That(json.GetProperty("macs")[1].GetProperty("stale").GetBoolean(), Is.False);
    }

    [Test]
    public void AfterThePeersEndOfRib_NothingIsStale()
    {
        var list = Macs(_ => false);

        Assert.That(list.Macs.Select(m => m.Stale), Is.All.False);
        Assert.That(EvpnFormatter.Macs(list).Split('\n').Where(l => l.StartsWith("02:", StringComparison.Ordinal)), Has.None.Contains(" G "));
    }
}
