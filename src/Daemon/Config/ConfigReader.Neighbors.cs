using System.Collections.Immutable;
using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;
using Evpnd.Daemon.Config.Yaml;

namespace Evpnd.Daemon.Config;

// The neighbors list, mapped onto the session engine's PeerConfig.
internal sealed partial class ConfigReader
{
    private static readonly string[] s_remoteAsWords = ["internal", "external"];

    private static readonly (string Name, AfiSafi Value)[] s_families =
    [
        ("l2vpn-evpn", AfiSafi.L2vpnEvpn),
    ];

    /// <summary>Families an operator may expect from other speakers that the RIB does not carry: refused by name.</summary>
    private static readonly string[] s_familiesNotCarried = ["ipv4-unicast", "ipv6-unicast"];

    private ImmutableArray<PeerConfig> ReadNeighbors(ConfigNode node)
    {
        if (Items(node, "neighbors", allowSingleValue: false) is not { } items)
        {
            return [];
        }

        var peers = ImmutableArray.CreateBuilder<PeerConfig>(items.Count);
        var firstLine = new Dictionary<IPAddress, int>();
        foreach (ConfigNode item in items)
        {
            if (MapReader.Open(item, ConfigSection.Neighbor, _errors) is not { } map)
            {
                continue;
            }

            if (ReadNeighbor(map, out ConfigNode? addressNode) is not { } peer)
            {
                continue;
            }

            if (firstLine.TryGetValue(peer.Address, out int line))
            {
                _errors.Add(addressNode!, $"duplicate neighbor {peer.Address} (first defined at line {line})");
                continue;
            }

            firstLine.Add(peer.Address, addressNode!.Position.Line);
            peers.Add(peer);
        }

        return peers.DrainToImmutable();
    }

    /// <summary>Null when the address is unusable (nothing else identifies the neighbor).</summary>
    private PeerConfig? ReadNeighbor(MapReader map, out ConfigNode? addressNode)
    {
        addressNode = map.Required("address");
        IPAddress? address = addressNode is null ? null : UnicastAddress(addressNode, "neighbor address");
        var peer = new PeerConfig { Address = address ?? IPAddress.None };

        if (map.Required("remote-as") is { } remoteAsNode && Scalar(remoteAsNode, "remote-as", "an AS number, internal or external") is { } remoteAs)
        {
            switch (remoteAs.Value)
            {
                case "internal":
                    peer = peer with { RemoteAsKind = RemoteAsKind.Internal };
                    break;
                case "external":
                    peer = peer with { RemoteAsKind = RemoteAsKind.External };
                    break;
                default:
                    string notANumber = "is not an AS number, internal or external" + Suggestion.DidYouMean(remoteAs.Value, s_remoteAsWords);
                    peer = peer with { RemoteAsKind = RemoteAsKind.Number, RemoteAs = AsNumber(remoteAs, "remote-as", notANumber) ?? 0 };
                    break;
            }
        }

        if (map.Optional("passive") is { } passiveNode && Boolean(passiveNode, "passive") is { } passive)
        {
            peer = peer with { Passive = passive };
        }

        // When hold-time itself is wrong, comparing keepalive with the default would only add a
        // misleading second error.
        ConfigNode? holdTimeNode = map.Optional("hold-time");
        bool holdTimeUsable = holdTimeNode is null;
        if (holdTimeNode is not null && Integer(holdTimeNode, "hold-time", 0, 65535) is { } holdTime)
        {
            // RFC 4271 s4.2: the Hold Time MUST be either zero or at least three seconds.
            if (holdTime is 1 or 2)
            {
                _errors.Add(holdTimeNode, $"hold-time {holdTime} is out of range: it must be 0 (no keepalives) or 3..65535 (RFC 4271 s4.2)");
            }
            else
            {
                peer = peer with { HoldTime = (ushort)holdTime };
                holdTimeUsable = true;
            }
        }

        // 21845 = 65535 / 3, the largest keepalive that fits a third of the largest hold time.
        if (map.Optional("keepalive") is { } keepaliveNode && Integer(keepaliveNode, "keepalive", 1, 21845) is { } keepalive)
        {
            string whose = holdTimeNode is null ? " (the default)" : string.Empty;
            if (!holdTimeUsable)
            {
                peer = peer with { Keepalive = (ushort)keepalive };
            }
            else if (peer.HoldTime == 0)
            {
                _errors.Add(keepaliveNode, "keepalive is set but hold-time is 0, which disables keepalives (RFC 4271 s4.4)");
            }
            else if (keepalive >= peer.HoldTime)
            {
                _errors.Add(keepaliveNode, $"keepalive {keepalive} must be less than hold-time {peer.HoldTime}{whose}");
            }
            else
            {
                peer = peer with { Keepalive = (ushort)keepalive };
            }
        }

        if (map.Optional("connect-retry") is { } connectRetryNode && Integer(connectRetryNode, "connect-retry", 1, 65535) is { } connectRetry)
        {
            peer = peer with { ConnectRetry = (ushort)connectRetry };
        }

        if (map.Optional("description") is { } descriptionNode && Scalar(descriptionNode, "description", "a string") is { } description)
        {
            peer = peer with { Description = description.Value };
        }

        if (map.Optional("port") is { } portNode && Integer(portNode, "port", 1, 65535) is { } port)
        {
            peer = peer with { Port = (int)port };
        }

        if (map.Optional("local-address") is { } localNode && UnicastAddress(localNode, "local-address") is { } local)
        {
            if (address is not null && local.AddressFamily != address.AddressFamily)
            {
                _errors.Add(localNode, $"local-address {local} is {FamilyName(local)} but the neighbor address {address} is {FamilyName(address)}");
            }
            else
            {
                peer = peer with { LocalAddress = local };
            }
        }

        if (map.Optional("address-families") is { } familiesNode && ReadFamilies(familiesNode) is { } families)
        {
            peer = peer with { Families = families };
        }

        if (map.Optional("graceful-restart") is { } grNode && Boolean(grNode, "graceful-restart") is { } gracefulRestart)
        {
            peer = peer with { GracefulRestart = gracefulRestart };
        }

        return address is null ? null : peer;
    }

    private ImmutableArray<AfiSafi>? ReadFamilies(ConfigNode node)
    {
        if (Items(node, "address-families", allowSingleValue: true) is not { } items)
        {
            return null;
        }

        if (items.Count == 0)
        {
            _errors.Add(node, "address-families must not be empty");
            return null;
        }

        var families = ImmutableArray.CreateBuilder<AfiSafi>(items.Count);
        foreach (ConfigNode item in items)
        {
            if (item is ScalarNode { Value: var name } && s_familiesNotCarried.Contains(name))
            {
                // Accepted, the session would negotiate a family whose routes go nowhere.
                _errors.Add(item, $"address family '{name}' is not supported: evpnd carries l2vpn-evpn only (remove it)");
                continue;
            }

            if (Choice(item, "address family", s_families) is not { } family)
            {
                continue;
            }

            if (families.Contains(family))
            {
                _errors.Add(item, $"duplicate address family {family}");
                continue;
            }

            families.Add(family);
        }

        return families.DrainToImmutable();
    }

    private static string FamilyName(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "IPv4" : "IPv6";
}
