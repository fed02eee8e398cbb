using System.Net;
using Evpnd.Bgp.Session;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Config;

/// <summary>Everything evpnd.yaml configures. Built by <see cref="ConfigLoader"/>; immutable.</summary>
internal sealed record EvpndConfig
{
    public const string DefaultControlSocket = "/run/evpnd/evpnd.sock";
    public const string DefaultStateDir = "/var/lib/evpnd";

    /// <summary>router-id, asn, listen and neighbors, in the session engine's own terms.</summary>
    public required SpeakerConfig Bgp { get; init; }

    /// <summary>Unix socket the CLI talks to.</summary>
    public string ControlSocket { get; init; } = DefaultControlSocket;

    /// <summary>
    /// The group whose members may use every control command (control-socket-group); null:
    /// only root and the user evpnd runs as.
    /// </summary>
    public UnixGroup? ControlSocketGroup { get; init; }

    /// <summary>The group whose members may run the `show` commands only (control-socket-readonly-group).</summary>
    public UnixGroup? ControlSocketReadOnlyGroup { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Where state that must survive a restart lives (e.g. the RD index of each VNI).</summary>
    public string StateDir { get; init; } = DefaultStateDir;

    public EvpnConfig Evpn { get; init; } = new();

    /// <summary>Global bounds (limits:).</summary>
    public LimitsConfig Limits { get; init; } = new();

    /// <summary>Where the Prometheus endpoint listens (<c>metrics:</c>); null, the default: no endpoint.</summary>
    public IPEndPoint? Metrics { get; init; }

    /// <summary><c>metrics: true</c>, and what an address or port left out stands for.</summary>
    public static IPEndPoint DefaultMetrics => new(IPAddress.Loopback, 9179);
}
