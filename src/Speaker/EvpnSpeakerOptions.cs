using System.Net;
using Microsoft.Extensions.Logging;

namespace Evpnd;

/// <summary>
/// What an <see cref="EvpnSpeaker"/> is built from: the BGP speaker's identity and peers, the
/// VNIs it serves, and whether it programs the kernel. Validated by the <see cref="EvpnSpeaker"/>
/// constructor, which names the first setting to fix.
/// </summary>
public sealed record EvpnSpeakerOptions
{
    /// <summary>The local AS number (4-octet ASNs allowed, RFC 6793).</summary>
    public required uint LocalAs { get; init; }

    /// <summary>The BGP identifier: an IPv4 address, usually the VTEP address.</summary>
    public required IPAddress RouterId { get; init; }

    /// <summary>Where the speaker accepts BGP connections; null: no listener, every neighbor is connected to actively. Defaults to [::]:179.</summary>
    public IPEndPoint? Listen { get; init; } = new(IPAddress.IPv6Any, 179);

    /// <summary>The BGP neighbors (L2VPN EVPN family).</summary>
    public IReadOnlyList<EvpnNeighborOptions> Neighbors { get; init; } = [];

    /// <summary>The VNIs the speaker serves; local MACs can be added to these only.</summary>
    public IReadOnlyList<EvpnVniOptions> Vnis { get; init; } = [];

    /// <summary>
    /// The VTEP address of every VNI that does not name its own. Null: with <see cref="KernelSync"/>
    /// the VXLAN device's local address; without it, each VNI must name one.
    /// </summary>
    public IPAddress? LocalVtep { get; init; }

    /// <summary>
    /// True (the default): remote MACs and VTEPs are installed into the VXLAN devices of this
    /// network namespace (needs CAP_NET_ADMIN), and MACs learned on the bridges are advertised.
    /// False: BGP only; remote MACs and VTEPs are reported through the events alone.
    /// </summary>
    public bool KernelSync { get; init; } = true;

    /// <summary>
    /// Where state that must survive a restart is kept: each VNI's route distinguisher index and,
    /// with <see cref="KernelSync"/>, the record of the kernel entries the speaker owns. The
    /// directory is created if missing.
    /// </summary>
    public required string StateDirectory { get; init; }

    /// <summary>
    /// Graceful Restart (RFC 4724): on stop, sessions close without a Cease so that peers keep
    /// the routes, and the kernel entries stay, until the speaker is back. On by default.
    /// </summary>
    public bool GracefulRestart { get; init; } = true;

    /// <summary>The restart time advertised to peers, in seconds (at most 4095). Defaults to 120.</summary>
    public ushort RestartTime { get; init; } = 120;

    /// <summary>Logs of the speaker's workers; null: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock of timers and ages; null: the system clock. Tests pass a fake one.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
