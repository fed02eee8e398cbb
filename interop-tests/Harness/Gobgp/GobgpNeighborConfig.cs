namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>One `[[neighbors]]` entry of a gobgpd TOML configuration, with the l2vpn-evpn family.</summary>
public sealed record GobgpNeighborConfig(string Address, uint PeerAs)
{
    /// <summary>`transport.config.passive-mode`: GoBGP only accepts connections.</summary>
    public bool Passive { get; init; }

    public int HoldTime { get; init; } = 9;

    public int Keepalive { get; init; } = 3;

    /// <summary>Seconds between connection attempts; short so tests do not wait for GoBGP.</summary>
    public int ConnectRetry { get; init; } = 1;

    /// <summary>
    /// Seconds GoBGP stays Idle after a session reset before it tries again (its default is 30),
    /// short so that restart tests converge quickly.
    /// </summary>
    public int IdleHoldTimeAfterReset { get; init; } = 1;

    public string? LocalAddress { get; init; }

    /// <summary>`auth-password`: the TCP-MD5 key (RFC 2385); null: none.</summary>
    public string? Password { get; init; }
}
