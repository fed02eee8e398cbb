using System.Buffers.Binary;
using System.Net;
using System.Text;
using Evpnd.Bgp.Session;
using Evpnd.Daemon.Config.Yaml;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Config;

/// <summary>
/// Reads the node tree of evpnd.yaml into <see cref="EvpndConfig"/>, reporting every problem to
/// <see cref="ConfigErrors"/> rather than stopping at the first. Where a value is wrong the
/// default stands in, so that checks which depend on it (keepalive against hold-time) still run.
/// </summary>
internal sealed partial class ConfigReader
{
    // sun_path in struct sockaddr_un is 108 bytes, including the terminating NUL (unix(7)).
    private const int MaxUnixSocketPathBytes = 107;

    private static readonly (string Name, LogLevel Value)[] s_logLevels =
    [
        ("trace", LogLevel.Trace),
        ("debug", LogLevel.Debug),
        ("info", LogLevel.Information),
        ("warning", LogLevel.Warning),
        ("error", LogLevel.Error),
    ];

    private readonly ConfigErrors _errors;

    private ConfigReader(ConfigErrors errors)
    {
        _errors = errors;
    }

    /// <summary>Null when the tree has problems; they are in <paramref name="errors"/>.</summary>
    public static EvpndConfig? Read(ConfigNode? root, ConfigErrors errors)
    {
        if (root is null)
        {
            errors.Add(new SourcePosition(1, 1), "the configuration file is empty (router-id and asn are required)");
            return null;
        }

        if (root is not MappingNode)
        {
            errors.Add(root, $"the configuration must be a map of keys (router-id, asn, ...), not {root.Describe()}");
            return null;
        }

        EvpndConfig config = new ConfigReader(errors).ReadTop(new MapReader((MappingNode)root, ConfigSection.Top, errors));
        return errors.Any ? null : config;
    }

    private EvpndConfig ReadTop(MapReader top)
    {
        uint routerId = top.Required("router-id") is { } routerIdNode ? RouterId(routerIdNode) ?? 0 : 0;
        uint localAs = top.Required("asn") is { } asnNode && Scalar(asnNode, "asn", "a number") is { } asn
            ? AsNumber(asn, "asn", "is not an AS number") ?? 0
            : 0;

        var speaker = new SpeakerConfig
        {
            RouterId = routerId,
            LocalAs = localAs,
            Neighbors = top.Optional("neighbors") is { } neighbors ? ReadNeighbors(neighbors) : [],
            GracefulRestart = top.Optional("graceful-restart") is { } grNode ? ReadGracefulRestart(grNode) : new GracefulRestartConfig(),
        };
        if (top.Optional("listen") is { } listen)
        {
            speaker = speaker with { Listen = ReadEndpoint(listen, speaker.Listen!, ConfigSection.Listen) };
        }

        var config = new EvpndConfig { Bgp = speaker };
        if (top.Optional("control-socket") is { } socketNode && Text(socketNode, "control-socket") is { } socket)
        {
            int bytes = Encoding.UTF8.GetByteCount(socket);
            if (bytes > MaxUnixSocketPathBytes)
            {
                _errors.Add(socketNode, $"control-socket path is {bytes} bytes long; a Unix socket path can be at most {MaxUnixSocketPathBytes}");
            }

            config = config with { ControlSocket = socket };
        }

        config = config with
        {
            ControlSocketGroup = top.Optional("control-socket-group") is { } groupNode ? Group(groupNode, "control-socket-group") : null,
            ControlSocketReadOnlyGroup = top.Optional("control-socket-readonly-group") is { } readOnlyNode ? Group(readOnlyNode, "control-socket-readonly-group") : null,
        };

        if (top.Optional("log-level") is { } logLevelNode && Choice(logLevelNode, "log-level", s_logLevels) is { } logLevel)
        {
            config = config with { LogLevel = logLevel };
        }

        if (top.Optional("state-dir") is { } stateDirNode && Text(stateDirNode, "state-dir") is { } stateDir)
        {
            config = config with { StateDir = stateDir };
        }

        if (top.Optional("evpn") is { } evpn)
        {
            config = config with { Evpn = ReadEvpn(evpn) };
        }

        if (top.Optional("limits") is { } limitsNode && MapReader.Open(limitsNode, ConfigSection.Limits, _errors) is { } limits &&
            limits.Optional("remote-macs") is { } remoteMacsNode && Integer(remoteMacsNode, "remote-macs", 1, uint.MaxValue) is { } remoteMacs)
        {
            config = config with { Limits = new LimitsConfig { RemoteMacs = (uint)remoteMacs } };
        }

        if (top.Optional("metrics") is { } metrics)
        {
            config = config with { Metrics = ReadEndpoint(metrics, EvpndConfig.DefaultMetrics, ConfigSection.Metrics) };
        }

        return config;
    }

    /// <summary>A group name that must exist now: the control socket is given to it at start.</summary>
    private UnixGroup? Group(ConfigNode node, string key)
    {
        if (Text(node, key) is not { } name)
        {
            return null;
        }

        if (Control.UnixAccounts.GroupId(name) is not { } gid)
        {
            _errors.Add(node, $"unknown group '{name}' ({key}); create it (groupadd {name}) or name an existing group");
            return null;
        }

        return new UnixGroup(name, gid);
    }

    /// <summary>The level a configuration or `evpnd log-level` names ("info"), or null.</summary>
    public static LogLevel? LogLevelNamed(string? name)
    {
        foreach (var (text, value) in s_logLevels)
        {
            if (text == name)
            {
                return value;
            }
        }
        return null;
    }

    public static string LogLevelName(LogLevel level)
    {
        foreach (var (text, value) in s_logLevels)
        {
            if (value == level)
            {
                return text;
            }
        }
        return level.ToString().ToLowerInvariant();
    }

    /// <summary>The BGP Identifier as a host-order number; RFC 6286 s2.1 requires it non-zero.</summary>
    private uint? RouterId(ConfigNode node)
    {
        if (Scalar(node, "router-id", "an IPv4 address") is not { } scalar)
        {
            return null;
        }

        if (!ValueSyntax.TryParseIPv4(scalar.Value, out IPAddress address))
        {
            _errors.Add(scalar, $"'{scalar.Value}' is not an IPv4 address (router-id is a dotted quad)");
            return null;
        }

        uint id = BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
        if (id == 0)
        {
            _errors.Add(scalar, "router-id 0.0.0.0 is not allowed: the BGP identifier must be non-zero (RFC 6286)");
            return null;
        }

        return id;
    }

    /// <summary><c>listen: false</c> disables the listener; <c>true</c> or a map (address, port) enables it.</summary>
    /// <summary>`listen:` or `metrics:`: a map of address and port, true for the defaults, false for none.</summary>
    private IPEndPoint? ReadEndpoint(ConfigNode node, IPEndPoint defaults, ConfigSection section)
    {
        var key = section.What;
        if (node is ScalarNode scalar)
        {
            if (string.Equals(scalar.Value, "false", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (string.Equals(scalar.Value, "true", StringComparison.OrdinalIgnoreCase))
            {
                return defaults;
            }
        }

        if (node is not MappingNode map)
        {
            _errors.Add(node, $"{key} must be a map (address, port) or false, not {node.Describe()}");
            return defaults;
        }

        var listen = new MapReader(map, section, _errors);
        IPAddress address = defaults.Address;
        if (listen.Optional("address") is { } addressNode && Scalar(addressNode, $"{key} address", "an IP address") is { } addressText)
        {
            // The unspecified address is what a listener usually wants, so only multicast is refused.
            if (!ValueSyntax.TryParseIP(addressText.Value, out IPAddress parsed))
            {
                _errors.Add(addressText, $"'{addressText.Value}' is not an IP address");
            }
            else if (parsed.IsIPv6Multicast || IsIPv4Multicast(parsed))
            {
                _errors.Add(addressText, $"{key} address {parsed} is a multicast address");
            }
            else
            {
                address = parsed;
            }
        }

        int port = defaults.Port;
        if (listen.Optional("port") is { } portNode && Integer(portNode, "port", 1, 65535) is { } parsedPort)
        {
            port = (int)parsedPort;
        }

        return new IPEndPoint(address, port);
    }

    private static bool IsIPv4Multicast(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && address.GetAddressBytes()[0] is >= 224 and <= 239;
}
