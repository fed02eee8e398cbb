using System.Collections.Immutable;
using System.Net;
using Evpnd.Daemon.Config.Yaml;
using Evpnd.Evpn.Instances;

namespace Evpnd.Daemon.Config;

// The evpn section: global EVPN settings and the statically configured VNIs.
internal sealed partial class ConfigReader
{
    private const uint MaxVni = 16777215;

    /// <summary>The YAML word of an <c>rt-auto-form</c> value, as the file spells it.</summary>
    internal static string RtAutoFormWord(RouteTargetAutoForm value) => s_rtAutoForms.First(f => f.Value == value).Name;

    /// <summary>The YAML word of a <c>flooding</c> value, as the file spells it.</summary>
    internal static string FloodingWord(FloodingMode value) => s_flooding.First(f => f.Value == value).Name;

    private static readonly (string Name, RouteTargetAutoForm Value)[] s_rtAutoForms =
    [
        ("frr", RouteTargetAutoForm.AsVni),
        ("rfc8365", RouteTargetAutoForm.Rfc8365),
    ];

    private static readonly (string Name, FloodingMode Value)[] s_flooding =
    [
        ("head-end-replication", FloodingMode.HeadEndReplication),
        ("disabled", FloodingMode.Disabled),
    ];

    private EvpnConfig ReadEvpn(ConfigNode node)
    {
        var evpn = new EvpnConfig();
        if (MapReader.Open(node, ConfigSection.Evpn, _errors) is not { } map)
        {
            return evpn;
        }

        if (map.Optional("advertise-all-vni") is { } advertiseNode && Boolean(advertiseNode, "advertise-all-vni") is { } advertise)
        {
            evpn = evpn with { AdvertiseAllVni = advertise };
        }

        if (map.Optional("rt-auto-form") is { } formNode && Choice(formNode, "rt-auto-form", s_rtAutoForms) is { } form)
        {
            evpn = evpn with { RtAutoForm = form };
        }

        if (map.Optional("import-wildcard-as") is { } wildcardNode && Boolean(wildcardNode, "import-wildcard-as") is { } wildcard)
        {
            evpn = evpn with { ImportWildcardAs = wildcard };
        }

        if (map.Optional("flooding") is { } floodingNode && Choice(floodingNode, "flooding", s_flooding) is { } flooding)
        {
            evpn = evpn with { Flooding = flooding };
        }

        if (map.Optional("dad") is { } dadNode)
        {
            evpn = evpn with { Dad = ReadDad(dadNode) };
        }

        if (map.Optional("vnis") is { } vnisNode)
        {
            evpn = evpn with { Vnis = ReadVnis(vnisNode) };
        }

        return evpn;
    }

    // Ranges are FRR's ("dup-addr-detection max-moves (2-1000) time (2-1800)", "freeze (30-3600)").
    private DuplicateAddressDetectionConfig ReadDad(ConfigNode node)
    {
        var dad = new DuplicateAddressDetectionConfig();
        if (MapReader.Open(node, ConfigSection.Dad, _errors) is not { } map)
        {
            return dad;
        }

        if (map.Optional("enabled") is { } enabledNode && Boolean(enabledNode, "enabled") is { } enabled)
        {
            dad = dad with { Enabled = enabled };
        }

        if (map.Optional("max-moves") is { } movesNode && Integer(movesNode, "max-moves", 2, 1000) is { } moves)
        {
            dad = dad with { MaxMoves = (int)moves };
        }

        if (map.Optional("window") is { } windowNode && Integer(windowNode, "window", 2, 1800) is { } window)
        {
            dad = dad with { Window = (int)window };
        }

        if (map.Optional("freeze") is { } freezeNode && Boolean(freezeNode, "freeze") is { } freeze)
        {
            dad = dad with { Freeze = freeze };
        }

        if (map.Optional("freeze-time") is { } freezeTimeNode && Integer(freezeTimeNode, "freeze-time", 0, 3600) is { } freezeTime)
        {
            if (freezeTime is > 0 and < 30)
            {
                _errors.Add(freezeTimeNode, $"freeze-time {freezeTime} is out of range: it must be 0 (until cleared) or 30..3600");
            }
            else
            {
                dad = dad with { FreezeTime = (int)freezeTime };
            }
        }

        return dad;
    }

    private ImmutableArray<VniConfig> ReadVnis(ConfigNode node)
    {
        if (Items(node, "vnis", allowSingleValue: false) is not { } items)
        {
            return [];
        }

        var vnis = ImmutableArray.CreateBuilder<VniConfig>(items.Count);
        var vniLines = new Dictionary<uint, int>();
        var rdOwners = new Dictionary<string, (uint Vni, int Line)>(StringComparer.Ordinal);
        foreach (ConfigNode item in items)
        {
            if (MapReader.Open(item, ConfigSection.Vni, _errors) is not { } map
                || ReadVni(map, out ConfigNode? vniNode, out ConfigNode? rdNode) is not { } vni)
            {
                continue;
            }

            if (vniLines.TryGetValue(vni.Vni, out int line))
            {
                _errors.Add(vniNode!, $"duplicate vni {vni.Vni} (first defined at line {line})");
                continue;
            }

            vniLines.Add(vni.Vni, vniNode!.Position.Line);

            // Two EVPN instances with one RD would make their routes indistinguishable (RFC 7432 s7.9).
            if (vni.Rd != RdRtSyntax.Auto)
            {
                if (rdOwners.TryGetValue(vni.Rd, out (uint Vni, int Line) owner))
                {
                    _errors.Add(rdNode!, $"rd {vni.Rd} is already used by vni {owner.Vni} (line {owner.Line})");
                    continue;
                }

                rdOwners.Add(vni.Rd, (vni.Vni, rdNode!.Position.Line));
            }

            vnis.Add(vni);
        }

        return vnis.DrainToImmutable();
    }

    /// <summary>Null when the VNI number is unusable.</summary>
    private VniConfig? ReadVni(MapReader map, out ConfigNode? vniNode, out ConfigNode? rdNode)
    {
        vniNode = map.Required("vni");
        long? number = vniNode is null ? null : Integer(vniNode, "vni", 1, MaxVni);
        var vni = new VniConfig { Vni = (uint)(number ?? 0) };

        if (map.Optional("local-vtep") is { } vtepNode && UnicastAddress(vtepNode, "local-vtep") is { } vtep)
        {
            vni = vni with { LocalVtep = vtep };
        }

        rdNode = map.Optional("rd");
        if (rdNode is not null && Scalar(rdNode, "rd", "auto or a route distinguisher") is { } rdText)
        {
            if (RdRtSyntax.CheckRouteDistinguisher(rdText.Value, out string rd) is { } problem)
            {
                _errors.Add(rdText, $"rd '{rdText.Value}' {problem}");
            }
            else
            {
                vni = vni with { Rd = rd };
            }
        }

        if (map.Optional("route-targets") is { } routeTargetsNode)
        {
            vni = ReadRouteTargets(routeTargetsNode, vni);
        }

        if (map.Optional("flooding") is { } vniFloodingNode && Choice(vniFloodingNode, "flooding", s_flooding) is { } vniFlooding)
        {
            vni = vni with { Flooding = vniFlooding };
        }

        if (map.Optional("macs") is { } macsNode)
        {
            vni = vni with { Macs = ReadMacs(macsNode, vni.Vni) };
        }

        return number is null ? null : vni;
    }

    /// <summary><c>both</c> adds to import and export; a direction not given keeps <c>[auto]</c>.</summary>
    private VniConfig ReadRouteTargets(ConfigNode node, VniConfig vni)
    {
        if (MapReader.Open(node, ConfigSection.RouteTargets, _errors) is not { } map)
        {
            return vni;
        }

        List<string>? both = map.Optional("both") is { } bothNode ? ReadRouteTargetList(bothNode, "both", allowWildcard: false) : null;
        List<string>? import = map.Optional("import") is { } importNode ? ReadRouteTargetList(importNode, "import", allowWildcard: true) : null;
        List<string>? export = map.Optional("export") is { } exportNode ? ReadRouteTargetList(exportNode, "export", allowWildcard: false) : null;
        return vni with
        {
            ImportRouteTargets = Combine(both, import) ?? vni.ImportRouteTargets,
            ExportRouteTargets = Combine(both, export) ?? vni.ExportRouteTargets,
        };
    }

    private static ImmutableArray<string>? Combine(List<string>? both, List<string>? own)
    {
        if (both is null && own is null)
        {
            return null;
        }

        return [.. (both ?? []).Concat(own ?? []).Distinct(StringComparer.Ordinal)];
    }

    private List<string>? ReadRouteTargetList(ConfigNode node, string direction, bool allowWildcard)
    {
        if (Items(node, $"route-targets {direction}", allowSingleValue: true) is not { } items)
        {
            return null;
        }

        if (items.Count == 0)
        {
            _errors.Add(node, $"route-targets {direction} must not be empty (leave it out for [auto])");
            return null;
        }

        var result = new List<string>(items.Count);
        foreach (ConfigNode item in items)
        {
            if (Scalar(item, "route target", "auto or a route target") is not { } text)
            {
                continue;
            }

            if (RdRtSyntax.CheckRouteTarget(text.Value, allowWildcard, out string routeTarget) is { } problem)
            {
                _errors.Add(text, $"route target '{text.Value}' {problem}");
            }
            else if (result.Contains(routeTarget))
            {
                _errors.Add(text, $"duplicate route target {routeTarget} in {direction}");
            }
            else
            {
                result.Add(routeTarget);
            }
        }

        return result;
    }

    private ImmutableArray<StaticMacConfig> ReadMacs(ConfigNode node, uint vni)
    {
        if (Items(node, "macs", allowSingleValue: true) is not { } items)
        {
            return [];
        }

        var macs = ImmutableArray.CreateBuilder<StaticMacConfig>(items.Count);
        var firstLine = new Dictionary<StaticMacConfig, int>();
        foreach (ConfigNode item in items)
        {
            ConfigNode? macNode = item;
            IPAddress? ip = null;
            if (item is MappingNode)
            {
                var map = new MapReader((MappingNode)item, ConfigSection.Mac, _errors);
                macNode = map.Required("mac");
                if (map.Optional("ip") is { } ipNode)
                {
                    ip = UnicastAddress(ipNode, "ip");
                }
            }

            if (macNode is null || Scalar(macNode, "mac", "a MAC address or a map (mac, ip)") is not { } macText)
            {
                continue;
            }

            if (!ValueSyntax.TryParseMac(macText.Value, out string mac))
            {
                _errors.Add(macText, $"'{macText.Value}' is not a MAC address");
                continue;
            }

            // A static MAC is a host's address: a group address or all zeros cannot be learned (RFC 7432 s7.2).
            if (ValueSyntax.IsGroupMac(mac) || mac == "00:00:00:00:00:00")
            {
                _errors.Add(macText, $"mac {mac} is not a unicast MAC address");
                continue;
            }

            var entry = new StaticMacConfig(mac, ip);
            if (firstLine.TryGetValue(entry, out int line))
            {
                string what = ip is null ? mac : $"{mac} {ip}";
                _errors.Add(macText, $"duplicate mac {what} in vni {vni} (first defined at line {line})");
                continue;
            }

            firstLine.Add(entry, macText.Position.Line);
            macs.Add(entry);
        }

        return macs.DrainToImmutable();
    }
}
