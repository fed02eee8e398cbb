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

        peer = peer with { Password = ReadPassword(map) };

        // FRR's ttl-security hops range; 255 would accept any TTL, which is no check at all.
        if (map.Optional("ttl-security") is { } ttlNode && Integer(ttlNode, "ttl-security", 1, 254) is { } hops)
        {
            peer = peer with { TtlSecurityHops = (byte)hops };
        }

        if (map.Optional("maximum-prefix") is { } maximumNode)
        {
            peer = peer with { MaximumPrefix = ReadMaximumPrefix(maximumNode) };
        }

        if (map.Optional("graceful-restart") is { } grNode && Boolean(grNode, "graceful-restart") is { } gracefulRestart)
        {
            peer = peer with { GracefulRestart = gracefulRestart };
        }

        return address is null ? null : peer;
    }

    /// <summary>
    /// password: or password-file: (read now, so that a missing file is a configuration error). No
    /// message names the secret itself, only its length.
    /// </summary>
    private TcpMd5Password? ReadPassword(MapReader map)
    {
        ConfigNode? textNode = map.Optional("password");
        ConfigNode? fileNode = map.Optional("password-file");
        if (textNode is not null && fileNode is not null)
        {
            _errors.Add(fileNode, "password and password-file are both set; keep one");
            return null;
        }

        if (textNode is not null)
        {
            return Scalar(textNode, "password", "a string") is { } scalar ? Md5Key(scalar, scalar.Value, "password") : null;
        }

        if (fileNode is null || Text(fileNode, "password-file") is not { } path)
        {
            return null;
        }

        string fullPath = Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_errors.FileName)) ?? ".", path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string why = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
                UnauthorizedAccessException => "Permission denied",
                _ => ex.Message,
            };
            _errors.Add(fileNode, $"cannot read password-file {fullPath}: {why}");
            return null;
        }

        // One line, as `echo secret > file` writes it: the line end is not part of the key.
        return Md5Key(fileNode, text.TrimEnd('\r', '\n'), $"password-file {fullPath}");
    }

    private TcpMd5Password? Md5Key(ConfigNode node, string secret, string what)
    {
        if (TcpMd5Password.FromText(secret) is { } key)
        {
            return key;
        }

        int bytes = System.Text.Encoding.UTF8.GetByteCount(secret);
        _errors.Add(node, bytes == 0
            ? $"{what} is empty"
            : $"{what} is {bytes} bytes long; a TCP-MD5 key is at most {TcpMd5Password.MaxLength} bytes (TCP_MD5SIG_MAXKEYLEN)");
        return null;
    }

    /// <summary>maximum-prefix: { limit, warning-threshold, warning-only, restart } (FRR's ranges).</summary>
    private MaximumPrefix? ReadMaximumPrefix(ConfigNode node)
    {
        if (MapReader.Open(node, ConfigSection.MaximumPrefix, _errors) is not { } map)
        {
            return null;
        }

        ConfigNode? limitNode = map.Required("limit");
        long? limit = limitNode is null ? null : Integer(limitNode, "maximum-prefix limit", 1, uint.MaxValue);
        var result = new MaximumPrefix { Limit = (uint)(limit ?? 1) };
        if (map.Optional("warning-threshold") is { } thresholdNode && Integer(thresholdNode, "warning-threshold", 1, 100) is { } threshold)
        {
            result = result with { WarningThreshold = (byte)threshold };
        }

        if (map.Optional("warning-only") is { } warningNode && Boolean(warningNode, "warning-only") is { } warningOnly)
        {
            result = result with { WarningOnly = warningOnly };
        }

        if (map.Optional("restart") is { } restartNode && Integer(restartNode, "restart", 0, 65535) is { } restart)
        {
            if (restart != 0 && result.WarningOnly)
            {
                _errors.Add(restartNode, "restart has no effect with warning-only: true (the session is never torn down); remove one");
            }
            else
            {
                result = result with { RestartMinutes = (ushort)restart };
            }
        }

        return limit is null ? null : result;
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
