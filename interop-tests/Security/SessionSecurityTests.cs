using Evpnd.Bgp.Session;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using Evpnd.Interop.Tests.Harness.Gobgp;
using static Evpnd.Interop.Tests.Sessions.Speakers;

namespace Evpnd.Interop.Tests.Security;

/// <summary>
/// TCP-MD5 (RFC 2385) and GTSM (RFC 5082) against FRR 8.4 (`neighbor X password`, `neighbor X
/// ttl-security hops N`) and GoBGP (`auth-password`), in namespaces: the right settings come up,
/// in both directions; a wrong password or a peer too far away never gets a session.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class SessionSecurityTests : InteropTest
{
    private const string Password = "evpnd-md5-key";

    [Test]
    public async Task Md5_FrrConnectsToPassiveEvpnd_Established()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(EvpndAs)) { ExtraLines = [$"password {Password}"] });
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(FrrAs)) { Passive = true, ExtraLines = [$"password: {Password}"] });
        await evpnd.StartAsync();
        await frr.StartAsync();

        EvpndNeighbor atEvpnd = await evpnd.WaitForNeighborStateAsync(frrAddress, "Established");
        await frr.WaitForNeighborStateAsync(evpndAddress, "Established");
        IReadOnlyList<TcpConnection> connections = await evpndNs.GetTcpConnectionsAsync(179);
        string shown = (await evpnd.CliAsync("show", "neighbor", frrAddress)).Stdout;

        Assert.Multiple(() =>
        {
            Assert.That(connections.Select(c => c.Local.Port), Is.EqualTo(new[] { 179 }), "FRR connected to evpnd");
            Assert.That(atEvpnd.PasswordSet, Is.True);
            Assert.That(shown, Does.Contain("Password:                   set"));
            Assert.That(shown + string.Join('\n', evpnd.Process!.LogLines), Does.Not.Contain(Password), "the password is in no output and no log line");
        });
    }

    [Test]
    public async Task Md5_EvpndConnectsToPassiveFrr_OverIpv6_Established()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv6.ToString();
        string evpndAddress = link.B.IPv6.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(EvpndAs)) { Passive = true, ExtraLines = [$"password {Password}"] });
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(FrrAs)) { ExtraLines = [$"password: {Password}"] });
        await frr.StartAsync();
        await evpnd.StartAsync();

        await evpnd.WaitForNeighborStateAsync(frrAddress, "Established");
        await frr.WaitForNeighborStateAsync(evpndAddress, "Established");
        IReadOnlyList<TcpConnection> connections = await evpndNs.GetTcpConnectionsAsync(179);

        Assert.That(connections.Select(c => c.Remote.Port), Is.EqualTo(new[] { 179 }), "evpnd connected to FRR");
    }

    [Test]
    public async Task Md5_WrongPassword_NeverEstablished_AndLoggedOnce()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(EvpndAs)) { ExtraLines = ["password not-the-same"] });
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(FrrAs)) { ExtraLines = [$"password: {Password}"] });
        await frr.StartAsync();
        await evpnd.StartAsync();

        static bool IsWarning(string line) => line.Contains("with a TCP-MD5 password set", StringComparison.Ordinal);
        await evpnd.Process!.WaitForLogLineAsync(IsWarning, "the TCP-MD5 warning");
        // Both sides go on trying: wait until the kernel dropped several more wrongly signed
        // segments after the warning, so that a second warning would have had its chances.
        long failures = (await Md5CountersAsync(evpndNs)).Failure;
        await Poll.UntilAsync(async () => (await Md5CountersAsync(evpndNs)).Failure, f => f >= failures + 3,
            "three more wrongly signed segments dropped in evpnd's namespace", TimeSpan.FromSeconds(60));
        EvpndNeighbor atEvpnd = await evpnd.GetNeighborAsync(frrAddress);
        FrrNeighbor atFrr = await frr.GetNeighborAsync(evpndAddress);
        var warnings = evpnd.Process.LogLines.Where(IsWarning).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(atEvpnd.EstablishedTransitions, Is.Zero, $"evpnd never Established ({atEvpnd})");
            Assert.That(atEvpnd.MessagesIn.Open, Is.Zero, "no OPEN from FRR");
            Assert.That(atFrr.MessageStats.OpensRecv, Is.Zero, "FRR never got an OPEN from evpnd");
            Assert.That(warnings, Has.Count.EqualTo(1), "logged once");
            Assert.That(warnings[0], Does.Contain("TCPMD5Failure").And.Not.Contain(Password));
        });
    }

    [Test]
    public async Task Md5_WithGobgp_Established()
    {
        (Netns gobgpNs, Netns evpndNs, VethLink link) = await CreatePairAsync("gobgp");
        string gobgpAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        GobgpNode gobgp = Lab.AddGobgp(gobgpNs, GobgpAs, GobgpRouterId)
            .AddNeighbor(new GobgpNeighborConfig(evpndAddress, EvpndAs) { Password = Password });
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(gobgpAddress, AsText(GobgpAs)) { ExtraLines = [$"password: {Password}"] });
        await gobgp.StartAsync();
        await evpnd.StartAsync();

        await evpnd.WaitForNeighborStateAsync(gobgpAddress, "Established");
        GobgpNeighbor atGobgp = await gobgp.WaitForNeighborStateAsync(evpndAddress, GobgpSessionState.Established);

        Assert.That(atGobgp, Is.Not.Null);
    }

    [Test]
    public async Task Gtsm_BothSides_Established()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(EvpndAs)) { ExtraLines = ["ttl-security hops 1"] });
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(FrrAs)) { ExtraLines = ["ttl-security: 1"] });
        await frr.StartAsync();
        await evpnd.StartAsync();

        EvpndNeighbor atEvpnd = await evpnd.WaitForNeighborStateAsync(frrAddress, "Established");
        await frr.WaitForNeighborStateAsync(evpndAddress, "Established");

        Assert.Multiple(() =>
        {
            Assert.That(atEvpnd.TtlSecurityHops, Is.EqualTo(1));
            Assert.That(atEvpnd.GtsmRefusals, Is.Zero);
        });
    }

    /// <summary>
    /// FRR two hops away (a router namespace between) with `ttl-security hops 2`: its segments
    /// arrive with TTL 254, and evpnd's `ttl-security: 1` wants 255. FRR's SYNs reach evpnd's
    /// listener and are closed before any OPEN; evpnd's own SYNs are answered with TTL 254 and
    /// dropped by IP_MINTTL.
    /// </summary>
    [Test]
    public async Task Gtsm_PeerTwoHopsAway_IsRefused()
    {
        Netns frrNs = await Lab.AddNamespaceAsync("frr");
        Netns routerNs = await Lab.AddNamespaceAsync("router");
        Netns evpndNs = await Lab.AddNamespaceAsync("evpnd");
        VethLink left = await Lab.ConnectAsync(frrNs, routerNs);
        VethLink right = await Lab.ConnectAsync(routerNs, evpndNs);
        await routerNs.SetSysctlAsync("net.ipv4.ip_forward", "1");
        await frrNs.AddRouteAsync($"{right.B.IPv4}/32", left.B.IPv4.ToString());
        await evpndNs.AddRouteAsync($"{left.A.IPv4}/32", right.A.IPv4.ToString());
        string frrAddress = left.A.IPv4.ToString();
        string evpndAddress = right.B.IPv4.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(EvpndAs)) { ExtraLines = ["ttl-security hops 2"] });
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(FrrAs)) { ExtraLines = ["ttl-security: 1"] });
        Assert.That(await evpndNs.PingAsync(frrAddress), Is.True, "the routed path works");
        await frr.StartAsync();
        await evpnd.StartAsync();

        EvpndNeighbor refused = await evpnd.WaitForNeighborAsync(frrAddress, n => n.GtsmRefusals >= 3, "three connections from FRR refused");
        FrrNeighbor atFrr = await frr.GetNeighborAsync(evpndAddress);

        Assert.Multiple(() =>
        {
            Assert.That(refused.EstablishedTransitions, Is.Zero, $"never Established ({refused})");
            Assert.That(refused.MessagesIn.Open, Is.Zero, "no OPEN read from FRR");
            Assert.That(atFrr.MessageStats.OpensRecv, Is.Zero, "FRR never got an OPEN from evpnd");
            Assert.That(refused.LastError, Does.Contain("TTL 254").And.Contain("at least 255"));
            Assert.That(evpnd.Process!.LogLines.Count(l => l.Contains("its SYN arrived with TTL 254", StringComparison.Ordinal) && l.Contains("warn", StringComparison.OrdinalIgnoreCase)),
                Is.LessThanOrEqualTo(1), "a warning once, then debug");
        });
    }

    private static async Task<TcpMd5Counters> Md5CountersAsync(Netns ns)
    {
        CommandResult netstat = (await ns.ExecAsync("cat", "/proc/net/netstat")).EnsureSuccess();
        return TcpMd5Counters.Parse(netstat.Stdout) ?? throw new LabException("no TCPMD5 counters in /proc/net/netstat");
    }
}
