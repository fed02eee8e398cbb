using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evpnd.Daemon.Hosting;
using Evpnd.Evpn;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Wire;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;


namespace Evpnd.Daemon.Control;

/// <summary>
/// Answers `show evpn vni|macs|routes` and `evpn mac add|del` from the EVPN worker, which alone
/// touches the engine. The JSON shapes are documented in the README and asserted by the interop tests.
/// </summary>
/// <param name="peerStale">True while routes from that BGP peer are kept as stale (its graceful
/// restart is not over): the remote MACs it gave are shown stale.</param>
internal sealed class EvpnControlHandler(EvpnWorker evpn, ImportTargetFormat importTargets, Func<IPAddress, bool>? peerStale = null) : IControlHandler
{
    private MacView View(EvpnMacSnapshot mac) => MacView.Of(mac, peerStale);

    public IEnumerable<string> Commands => ["show evpn vni", "show evpn flood", "show evpn macs", "show evpn routes", "show evpn duplicates", "evpn mac add", "evpn mac del", "clear evpn duplicate"];

    public async ValueTask<JsonNode?> HandleAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken)
    {
        var vni = OptionalVni(arguments);
        object result = command switch
        {
            "show evpn vni" => new VniList(await evpn.CallAsync(e => e.GetVnis().Where(v => vni is null || v.Vni == vni).Select(v => VniView.Of(v, importTargets)).ToList(), cancellationToken).ConfigureAwait(false)),
            "show evpn flood" => new FloodList(await evpn.CallAsync(e => e.GetVnis().Where(v => vni is null || v.Vni == vni).Select(FloodView.Of).ToList(), cancellationToken).ConfigureAwait(false)),
            "show evpn macs" => new MacList(await evpn.CallAsync(e => e.GetMacs(vni).Select(View).ToList(), cancellationToken).ConfigureAwait(false)),
            "show evpn routes" => new RouteList(await evpn.CallAsync(e => RouteView.Of(e.GetRoutes(OptionalType(arguments), vni)), cancellationToken).ConfigureAwait(false)),
            "show evpn duplicates" => new MacList(await evpn.CallAsync(e => e.GetMacs(vni).Where(m => m.Duplicate || m.Frozen).Select(View).ToList(), cancellationToken).ConfigureAwait(false)),
            "evpn mac add" or "evpn mac del" => await ChangeMacAsync(command == "evpn mac add", arguments, vni, cancellationToken).ConfigureAwait(false),
            "clear evpn duplicate" => await ClearDuplicateAsync(arguments, vni, cancellationToken).ConfigureAwait(false),
            _ => throw new ControlException($"unknown command '{command}'"),
        };
        return JsonSerializer.SerializeToNode(result, ControlJsonContext.Default.GetTypeInfo(result.GetType())!);
    }

    private async Task<object> ChangeMacAsync(bool add, IReadOnlyDictionary<string, string> arguments, Vni? vni, CancellationToken cancellationToken)
    {
        var (v, mac) = RequiredVniAndMac(arguments, vni);
        IPAddress? ip = null;
        if (arguments.TryGetValue("ip", out var ipText) && !IPAddress.TryParse(ipText, out ip))
        {
            throw new ControlException($"'{ipText}' is not an IP address");
        }
        return await evpn.CallAsync(e =>
        {
            if (!e.GetVnis().Any(x => x.Vni == v))
            {
                throw new ControlException($"VNI {v} is not a local VNI");
            }
            if (add)
            {
                // A MAC an operator adds by hand is static: sticky, like FRR's static MACs.
                e.LocalMacLearned(v, mac, ip, sticky: true);
            }
            else
            {
                e.LocalMacRemoved(v, mac, ip);
            }
            return new MacList([.. e.GetMacs(v).Where(m => m.Mac == mac).Select(View)]);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// `clear evpn duplicate --vni N MAC`: the engine clears the mark and re-runs its decision for
    /// the MAC (RFC 7432 s15.1: advertised or installed again where it now is).
    /// </summary>
    private async Task<object> ClearDuplicateAsync(IReadOnlyDictionary<string, string> arguments, Vni? vni, CancellationToken cancellationToken)
    {
        var (v, mac) = RequiredVniAndMac(arguments, vni);
        return await evpn.CallAsync(e =>
        {
            if (!e.GetVnis().Any(x => x.Vni == v))
            {
                throw new ControlException($"VNI {v} is not a local VNI");
            }
            var cleared = e.ClearDuplicates(v, mac);
            return new DuplicateClearResult(v.Value, mac.ToString(), cleared, [.. e.GetMacs(v).Where(m => m.Mac == mac).Select(View)]);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static (Vni Vni, MacAddress Mac) RequiredVniAndMac(IReadOnlyDictionary<string, string> arguments, Vni? vni)
    {
        if (vni is not { } v)
        {
            throw new ControlException("--vni N is required");
        }
        if (!arguments.TryGetValue("mac", out var macText) || !MacAddress.TryParse(macText, out var mac))
        {
            throw new ControlException($"'{macText}' is not a MAC address");
        }
        if (mac.IsGroup)
        {
            throw new ControlException($"{mac} is a multicast or broadcast address, not a host's");
        }
        return (v, mac);
    }

    private static Vni? OptionalVni(IReadOnlyDictionary<string, string> arguments)
    {
        if (!arguments.TryGetValue("vni", out var text))
        {
            return null;
        }
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is 0 or > Vni.MaxValue)
        {
            throw new ControlException($"'{text}' is not a VNI (1..16777215)");
        }
        return new Vni(value);
    }

    private static EvpnRouteType? OptionalType(IReadOnlyDictionary<string, string> arguments)
    {
        if (!arguments.TryGetValue("type", out var text))
        {
            return null;
        }
        return text switch
        {
            "1" => EvpnRouteType.EthernetAutoDiscovery,
            "2" => EvpnRouteType.MacIpAdvertisement,
            "3" => EvpnRouteType.InclusiveMulticast,
            "4" => EvpnRouteType.EthernetSegment,
            "5" => EvpnRouteType.IpPrefix,
            _ => throw new ControlException($"'{text}' is not an EVPN route type (1..5)"),
        };
    }
}

internal sealed record VniList(IReadOnlyList<VniView> Vnis);

/// <summary>
/// How an import route target reads to an operator: what it matches. With wildcard import an
/// auto target matches the VNI's local administrator under any global one (FRR's behaviour), and
/// says so; without it, the exact AS:VNI (or RFC 8365) target we export.
/// </summary>
internal sealed record ImportTargetFormat(bool Wildcard, uint LocalAs, bool Rfc8365)
{
    public string Format(ImportRouteTarget target, Vni vni) => target.Kind switch
    {
        ImportRouteTargetKind.AutoDerived when !Wildcard => RouteTarget.AutoDerived(LocalAs, vni, Rfc8365).ToString(),
        _ => target.Describe(),
    };
}

internal sealed record MacList(IReadOnlyList<MacView> Macs);

internal sealed record RouteList(IReadOnlyList<RouteView> Routes);

internal sealed record VniView(uint Vni, string Rd, bool AutoRd, IReadOnlyList<string> ImportRouteTargets, IReadOnlyList<string> ExportRouteTargets,
    string LocalVtep, IReadOnlyList<string> RemoteVteps, int LocalMacs, int RemoteMacs, int RemoteMacsRefused = 0)
{
    public static VniView Of(EvpnVniSnapshot v, ImportTargetFormat importTargets) => new(v.Vni.Value, v.Rd.ToString(), v.AutoRd,
        [.. v.ImportRouteTargets.Select(r => importTargets.Format(r, v.Vni))], [.. v.ExportRouteTargets.Select(r => r.ToString())],
        v.LocalVtep.ToString(), [.. v.RemoteVteps.Select(r => r.ToString())], v.LocalMacs, v.RemoteMacs, v.RemoteMacsRefused);
}

internal sealed record FloodList(IReadOnlyList<FloodView> Vnis);

/// <summary>
/// Where a VNI's BUM traffic goes: to every remote VTEP that advertised a type-3 route (head-end
/// replication, RFC 8365 s9), or to the device's multicast group, or nowhere (flooding disabled).
/// </summary>
internal sealed record FloodView(uint Vni, string LocalVtep, string Flooding, string? MulticastGroup, IReadOnlyList<string> RemoteVteps, IReadOnlyList<string> FloodVteps)
{
    public static FloodView Of(EvpnVniSnapshot v)
    {
        IReadOnlyList<string> remote = [.. v.RemoteVteps.Select(r => r.ToString())];
        var replicated = v.Flooding == FloodingMode.HeadEndReplication && v.MulticastGroup is null;
        return new(v.Vni.Value, v.LocalVtep.ToString(),
            v.MulticastGroup is not null ? "multicast" : v.Flooding == FloodingMode.HeadEndReplication ? "head-end-replication" : "disabled",
            v.MulticastGroup?.ToString(), remote, replicated ? remote : []);
    }
}

/// <param name="Stale">A remote MAC whose peer's graceful restart is not over (RFC 4724 s4.2): kept,
/// and installed, until the peer's End-of-RIB confirms or withdraws it.</param>
internal sealed record MacView(uint Vni, string Mac, string? Ip, IReadOnlyList<string> Ips, string Origin, string? Vtep,
    uint Sequence, bool Sticky, bool Advertised, bool Duplicate, bool Frozen, bool Stale = false)
{
    public static MacView Of(EvpnMacSnapshot m) => Of(m, null);

    public static MacView Of(EvpnMacSnapshot m, Func<IPAddress, bool>? peerStale) => new(m.Vni.Value, m.Mac.ToString(), m.Ips.Count > 0 ? m.Ips[0].ToString() : null,
        [.. m.Ips.Select(i => i.ToString())], m.IsLocal ? "local" : "remote", m.RemoteVtep?.ToString(),
        m.Sequence, m.Sticky, m.Advertised, m.Duplicate, m.Frozen, m.Peer is { } peer && peerStale is not null && peerStale(peer));
}

internal sealed record RouteView(int Type, string Rd, string Prefix, string? Mac, string? Ip, string? Originator, string? NextHop,
    IReadOnlyList<string> RouteTargets, string Source, IReadOnlyList<uint> Vnis, uint Sequence, bool Sticky)
{
    /// <summary>One row per route, with every VNI it is imported into (or originated for).</summary>
    public static List<RouteView> Of(IReadOnlyList<EvpnRouteSnapshot> snapshots) =>
        [.. snapshots
            .GroupBy(s => (s.Origin, s.Route, s.NextHop, s.Peer))
            .Select(g =>
            {
                var s = g.First();
                var (mac, ip, originator) = s.Route switch
                {
                    MacIpAdvertisementRoute r => (r.Mac.ToString(), r.Ip.ToIPAddress()?.ToString(), (string?)null),
                    InclusiveMulticastRoute r => ((string?)null, (string?)null, r.OriginatingRouter.ToIPAddress()?.ToString()),
                    _ => (null, null, null),
                };
                return new RouteView((int)s.Type, s.Rd.ToString(), FormatPrefix(s.Route, mac, ip, originator), mac, ip, originator, s.NextHop?.ToString(),
                    [.. s.RouteTargets.Select(r => r.ToString())],
                    s.Origin == EvpnRouteOrigin.Local ? "local" : s.Peer?.ToString() ?? "remote",
                    [.. g.Select(x => x.Vni.Value).Distinct().Order()], s.Sequence, s.Sticky);
            })];

    /// <summary>FRR's prefix notation, e.g. [2]:[0]:[48]:[02:00:00:00:00:01]:[32]:[192.0.2.1] or [3]:[0]:[32]:[10.255.0.2].</summary>
    private static string FormatPrefix(EvpnRoute route, string? mac, string? ip, string? originator) => route switch
    {
        MacIpAdvertisementRoute r => ip is null
            ? $"[2]:[{r.EthernetTag}]:[48]:[{mac}]"
            : $"[2]:[{r.EthernetTag}]:[48]:[{mac}]:[{r.Ip.BitLength}]:[{ip}]",
        InclusiveMulticastRoute r => $"[3]:[{r.EthernetTag}]:[{r.OriginatingRouter.BitLength}]:[{originator}]",
        _ => $"[{(int)route.RouteType}]",
    };
}
