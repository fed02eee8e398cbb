using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.RawBgp;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Fuzz;

/// <summary>
/// Mutated UPDATEs over one real BGP session to a real evpnd, one case at a time: the case, then a
/// ROUTE-REFRESH whose End-of-Route-Refresh (RFC 7313) says evpnd read the case and its RIB took
/// what it allowed. A NOTIFICATION ends the session: it is judged against what RFC 7606 allows for
/// that case (<see cref="Rfc7606Reference"/>) and the peer connects again. Every
/// <see cref="SentinelEvery"/> cases a valid MAC route must reach the kernel's FDB. evpnd exiting is
/// a crash and ends the run.
/// </summary>
internal sealed class LiveMutationRun
{
    public const string PeerAddress = "10.0.1.1";
    public const string DutAddress = "10.0.1.2";
    public const uint PeerAs = 65011;
    public const int SentinelEvery = 250;
    public const int MaxRecorded = 20;

    private static readonly TimeSpan s_answer = TimeSpan.FromSeconds(10);
    private static readonly RawEvpnOrigin s_origin = new(PeerAs, IPAddress.Parse("10.255.0.11"), IPAddress.Parse("10.255.0.11"), 100, Vni);
    private const ulong SentinelMacBase = 0x025e_0000_0000;

    private readonly Netns _peers;
    private readonly Netns _dut;
    private readonly EvpndNode _evpnd;
    private RawBgpPeer? _peer;
    private int _sessions;

    private LiveMutationRun(Netns peers, Netns dut, EvpndNode evpnd)
    {
        _peers = peers;
        _dut = dut;
        _evpnd = evpnd;
    }

    public int Cases { get; private set; }

    public int Crashes { get; private set; }

    public int Sentinels { get; private set; }

    public int SentinelFailures { get; private set; }

    /// <summary>Cases evpnd neither answered nor reset the session for within the deadline.</summary>
    public int Unanswered { get; private set; }

    public int Resets { get; private set; }

    public Dictionary<string, int> NotificationsByCode { get; } = [];

    public Dictionary<(MutationKind Kind, string Notification), int> NotificationsByCause { get; } = [];

    public Dictionary<MutationKind, int> CasesByKind { get; } = [];

    /// <summary>Resets RFC 7606 does not allow for the case, or with a subcode it does not name (and closes without a NOTIFICATION).</summary>
    public int ViolationCount { get; private set; }

    /// <summary>The first <see cref="MaxRecorded"/> violations, each with its case.</summary>
    public List<string> Violations { get; } = [];

    public List<string> Failures { get; } = [];

    public TimeSpan Elapsed { get; private set; }

    /// <summary>
    /// The lab: the peer's namespace (10.0.1.1) and evpnd's (10.0.1.2, VTEP 10.255.0.2, br100 with
    /// vxlan100 for VNI 100), evpnd with the peer as a passive eBGP neighbor.
    /// </summary>
    public static async Task<LiveMutationRun> CreateAsync(Lab lab)
    {
        Netns peers = await lab.AddNamespaceAsync("peer");
        Netns dut = await lab.AddNamespaceAsync("dut");
        await lab.ConnectAsync(peers, dut);
        await Evpn.VtepNamespace.PrepareAsync(dut, EvpndVtep, PeerAddress);
        EvpndNode evpnd = lab.AddEvpnd(dut, EvpndAs, EvpndVtep);
        // Every case that is treat-as-withdraw logs a line at info; debug would log each UPDATE twice more.
        evpnd.LogLevel = "info";
        evpnd.AddNeighbor(new EvpndNeighborConfig(PeerAddress, PeerAs.ToString(CultureInfo.InvariantCulture)) { Passive = true });
        evpnd.ExtraYaml = Evpn.VtepNamespace.EvpndYaml(lab, dut, EvpndVtep);
        await evpnd.StartAsync();
        return new LiveMutationRun(peers, dut, evpnd);
    }

    public async Task RunAsync(int cases, int seed)
    {
        var clock = Stopwatch.StartNew();
        var mutator = new UpdateMutator(seed, s_origin);
        byte[] refresh = RawBgpMessages.RouteRefreshMessage();
        try
        {
            await ConnectAsync();
            for (int n = 0; n < cases && Crashes == 0; n++)
            {
                if (n % SentinelEvery == 0)
                {
                    await SentinelAsync(mutator);
                }
                var update = mutator.Next();
                Cases++;
                CasesByKind[update.Kind] = CasesByKind.GetValueOrDefault(update.Kind) + 1;
                var peer = _peer!;
                long answered = peer.EndOfRouteRefreshReceived;
                await SendAsync(peer, update.Bytes, refresh);
                bool answer = await peer.WaitForAsync(
                    () => peer.EndOfRouteRefreshReceived > answered || peer.NotificationReceived is not null || peer.Closed, s_answer);
                if (peer.NotificationReceived is null && !peer.Closed && answer)
                {
                    continue;
                }
                Judge(update, peer, answer);
                if (_evpnd.Process!.HasExited)
                {
                    Crashes++;
                    Failures.Add($"evpnd exited with {_evpnd.Process.ExitCode} after {update}");
                    break;
                }
                await ConnectAsync();
            }
            await SentinelAsync(mutator);
        }
        finally
        {
            Elapsed = clock.Elapsed;
            if (_peer is not null)
            {
                await _peer.DisposeAsync();
            }
            if (_evpnd.Process is { HasExited: true } process && Crashes == 0)
            {
                Crashes++;
                Failures.Add($"evpnd exited with {process.ExitCode}");
            }
        }
    }

    private void Judge(MutatedUpdate update, RawBgpPeer peer, bool answer)
    {
        var verdict = Rfc7606Reference.Judge(update.Bytes);
        if (peer.NotificationReceived is not { } notification)
        {
            // Closed without a NOTIFICATION, or no answer at all: both are what no RFC allows here.
            if (!answer)
            {
                Unanswered++;
            }
            string what = answer ? "closed the session without a NOTIFICATION" : $"did not answer within {s_answer.TotalSeconds:0} s";
            ViolationCount++;
            Record(Violations, $"evpnd {what}: {update} (reference: {verdict.Why})");
            NotificationsByCause[(update.Kind, what)] = NotificationsByCause.GetValueOrDefault((update.Kind, what)) + 1;
            return;
        }
        Resets++;
        NotificationsByCode[notification] = NotificationsByCode.GetValueOrDefault(notification) + 1;
        NotificationsByCause[(update.Kind, notification)] = NotificationsByCause.GetValueOrDefault((update.Kind, notification)) + 1;
        var parts = notification.Split('/');
        if (!verdict.Allows(byte.Parse(parts[0], CultureInfo.InvariantCulture), byte.Parse(parts[1], CultureInfo.InvariantCulture)))
        {
            string allowed = verdict.ResetAllowed ? $"allows only 3/{string.Join(",3/", verdict.Subcodes.Order())}" : "allows no reset";
            ViolationCount++;
            Record(Violations, $"NOTIFICATION {notification} where RFC 7606 {allowed} ({verdict.Why}): {update}");
        }
    }

    /// <summary>A valid type-2 route with a MAC of its own; it must reach the kernel's FDB on vxlan100 with the origin's VTEP.</summary>
    private async Task SentinelAsync(UpdateMutator mutator)
    {
        if (_evpnd.Process!.HasExited)
        {
            return;
        }
        Sentinels++;
        ulong mac = SentinelMacBase + (ulong)Sentinels;
        var peer = _peer!;
        long answered = peer.EndOfRouteRefreshReceived;
        await SendAsync(peer, mutator.Sentinel(mac), RawBgpMessages.RouteRefreshMessage());
        bool reached = await peer.WaitForAsync(() => peer.EndOfRouteRefreshReceived > answered, s_answer)
            && await KernelHasAsync(mac, TimeSpan.FromSeconds(10));
        if (!reached)
        {
            SentinelFailures++;
            Record(Failures, $"sentinel {RawBgpMessages.MacText(mac)} did not reach the kernel (session {_sessions}: notification {peer.NotificationReceived ?? "none"}, closed {peer.Closed})");
            if (peer.Closed || peer.NotificationReceived is not null)
            {
                await ConnectAsync();
            }
        }
    }

    private async Task<bool> KernelHasAsync(ulong mac, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string text = RawBgpMessages.MacText(mac);
        while (true)
        {
            CommandResult result = await _dut.ExecAsync("bridge", "fdb", "get", text, "dev", Vxlan, "self");
            if (result.Succeeded && result.Stdout.Contains($"dst {s_origin.Vtep}", StringComparison.Ordinal))
            {
                return true;
            }
            if (clock.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(Poll.Interval);
        }
    }

    private static async Task SendAsync(RawBgpPeer peer, byte[] update, byte[] refresh)
    {
        try
        {
            await peer.SendAsync([update, refresh]);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // evpnd closed the session before taking all of it: the reader reports what it sent.
        }
    }

    /// <summary>A new session: connect, OPEN with Enhanced Route Refresh, then the first refresh answered (the initial dump is done).</summary>
    private async Task ConnectAsync()
    {
        if (_peer is not null)
        {
            await _peer.DisposeAsync();
            _peer = null;
        }
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            _evpnd.Process!.ThrowIfExited();
            RawBgpPeer? peer = null;
            try
            {
                peer = await RawBgpPeer.ConnectAsync(_peers, $"mutator#{_sessions + 1}", PeerAddress, DutAddress);
                await peer.EstablishAsync(PeerAs, s_origin.Vtep, 90, keepReading: true, enhancedRouteRefresh: true);
                // Until evpnd's initial dump is out (End-of-RIB) a ROUTE-REFRESH is answered by that
                // dump, without markers: the cases start once a refresh was answered after it.
                if (await peer.WaitForAsync(() => peer.EndOfRibReceived > 0 || peer.Closed, s_answer) && !peer.Closed)
                {
                    await peer.SendAsync(RawBgpMessages.RouteRefreshMessage());
                    await peer.WaitForAsync(() => peer.EndOfRouteRefreshReceived > 0 || peer.Closed, s_answer);
                }
                if (peer.EndOfRouteRefreshReceived > 0 && !peer.Closed)
                {
                    _peer = peer;
                    _sessions++;
                    return;
                }
                last = new LabException($"session {_sessions + 1}: no End-of-Route-Refresh (notification {peer.NotificationReceived ?? "none"}, closed {peer.Closed})");
            }
            catch (Exception ex) when (ex is LabException or System.Net.Sockets.SocketException or OperationCanceledException or IOException)
            {
                // evpnd may still be closing the previous session: try again.
                last = ex;
            }
            if (peer is not null)
            {
                await peer.DisposeAsync();
            }
            await Task.Delay(Poll.Interval);
        }
        throw new LabException($"could not establish a new session with evpnd within 60 s: {last?.Message}");
    }

    private static void Record(List<string> list, string line)
    {
        if (list.Count < MaxRecorded)
        {
            list.Add(line);
        }
        else if (list.Count == MaxRecorded)
        {
            list.Add("... (more left out)");
        }
    }

    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"live mutation run: {Cases:N0} cases in {Elapsed.TotalSeconds:F0} s over {_sessions:N0} sessions; crashes {Crashes}, sentinels {Sentinels} with {SentinelFailures} failures, unanswered {Unanswered}, RFC 7606 violations {ViolationCount}");
        text.AppendLine("cases by mutation: " + string.Join(", ", CasesByKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
        text.AppendLine("NOTIFICATIONs by code/subcode: " + (NotificationsByCode.Count == 0 ? "none" : string.Join(", ", NotificationsByCode.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} x{k.Value}"))));
        text.AppendLine("NOTIFICATIONs by mutation: " + (NotificationsByCause.Count == 0 ? "none" : string.Join(", ", NotificationsByCause.OrderBy(k => k.Key.Kind).ThenBy(k => k.Key.Notification, StringComparer.Ordinal).Select(k => $"{k.Key.Kind} {k.Key.Notification} x{k.Value}"))));
        foreach (var line in Violations.Concat(Failures))
        {
            text.AppendLine("  " + line);
        }
        return text.ToString();
    }
}
