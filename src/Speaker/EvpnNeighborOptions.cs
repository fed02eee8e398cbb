using System.Net;

namespace Evpnd;

/// <summary>One BGP neighbor of an <see cref="EvpnSpeaker"/>.</summary>
public sealed record EvpnNeighborOptions
{
    /// <summary>The neighbor's address (IPv4 or IPv6).</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The neighbor's AS; null: the local AS (iBGP, e.g. towards a route reflector).</summary>
    public uint? RemoteAs { get; init; }

    /// <summary>Wait for the neighbor to connect; never connect to it.</summary>
    public bool Passive { get; init; }

    /// <summary>The hold time proposed in OPEN, in seconds (0 or 3..65535). Defaults to 90.</summary>
    public ushort HoldTime { get; init; } = 90;

    /// <summary>Seconds between connection attempts. Defaults to 120.</summary>
    public ushort ConnectRetry { get; init; } = 120;

    /// <summary>The neighbor's TCP port. Defaults to 179.</summary>
    public int Port { get; init; } = 179;

    /// <summary>The local address outgoing connections are bound to; null: the kernel's choice.</summary>
    public IPAddress? LocalAddress { get; init; }
}
