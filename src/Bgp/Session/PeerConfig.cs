using System.Collections.Immutable;
using System.Net;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>How the neighbor's AS is given in configuration.</summary>
public enum RemoteAsKind
{
    /// <summary>An explicit AS number.</summary>
    Number,
    /// <summary>"internal": the peer's AS must equal ours (iBGP).</summary>
    Internal,
    /// <summary>"external": the peer's AS must differ from ours (eBGP).</summary>
    External,
}

/// <summary>One configured neighbor. Times are in seconds.</summary>
public sealed record PeerConfig
{
    public required IPAddress Address { get; init; }
    public RemoteAsKind RemoteAsKind { get; init; } = RemoteAsKind.Number;
    /// <summary>The peer's AS when <see cref="RemoteAsKind"/> is Number.</summary>
    public uint RemoteAs { get; init; }
    public bool Passive { get; init; }
    public ushort HoldTime { get; init; } = 90;
    /// <summary>Null means a third of the negotiated hold time.</summary>
    public ushort? Keepalive { get; init; }
    public ushort ConnectRetry { get; init; } = 120;
    public string? Description { get; init; }
    public int Port { get; init; } = 179;
    /// <summary>Local address to bind outgoing connections to; null lets the kernel choose.</summary>
    public IPAddress? LocalAddress { get; init; }
    public ImmutableArray<AfiSafi> Families { get; init; } = [AfiSafi.L2vpnEvpn];

    /// <summary>TCP-MD5 signature key (RFC 2385); null: segments are not signed.</summary>
    public TcpMd5Password? Password { get; init; }

    /// <summary>
    /// GTSM (RFC 5082): the peer is at most this many hops away; we send with TTL 255 and accept
    /// only segments that arrive with a TTL of 256 - hops or more. Null: off.
    /// </summary>
    public byte? TtlSecurityHops { get; init; }

    /// <summary>The most routes accepted from the peer; null: no limit.</summary>
    public MaximumPrefix? MaximumPrefix { get; init; }

    /// <summary>False turns Graceful Restart off for this neighbor alone (per-neighbor `graceful-restart: false`).</summary>
    public bool GracefulRestart { get; init; } = true;
}

/// <summary>The speaker's own settings.</summary>
public sealed record SpeakerConfig
{
    public required uint RouterId { get; init; }
    public required uint LocalAs { get; init; }
    /// <summary>Listen endpoint; null disables the listener (all peers active).</summary>
    public IPEndPoint? Listen { get; init; } = new(IPAddress.IPv6Any, 179);
    public ImmutableArray<PeerConfig> Neighbors { get; init; } = [];
    public GracefulRestartConfig GracefulRestart { get; init; } = new();
}
