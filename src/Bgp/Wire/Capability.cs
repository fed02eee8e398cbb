using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>Capability codes (IANA "Capability Codes").</summary>
public enum CapabilityCode : byte
{
    Multiprotocol = 1,
    RouteRefresh = 2,
    ExtendedMessage = 6,
    GracefulRestart = 64,
    FourOctetAs = 65,
    AddPath = 69,
    EnhancedRouteRefresh = 70,
}

/// <summary>A BGP capability carried in the OPEN (RFC 5492).</summary>
public abstract record Capability
{
    public abstract byte Code { get; }
}

/// <summary>Multiprotocol Extensions (RFC 4760 s8): AFI(2) Reserved(1) SAFI(1).</summary>
public sealed record MultiprotocolCapability(AfiSafi Family) : Capability
{
    public override byte Code => (byte)CapabilityCode.Multiprotocol;
}

/// <summary>Route Refresh (RFC 2918), empty.</summary>
public sealed record RouteRefreshCapability : Capability
{
    public static readonly RouteRefreshCapability Instance = new();
    public override byte Code => (byte)CapabilityCode.RouteRefresh;
}

/// <summary>Enhanced Route Refresh (RFC 7313), empty.</summary>
public sealed record EnhancedRouteRefreshCapability : Capability
{
    public static readonly EnhancedRouteRefreshCapability Instance = new();
    public override byte Code => (byte)CapabilityCode.EnhancedRouteRefresh;
}

/// <summary>Extended Message (RFC 8654), empty.</summary>
public sealed record ExtendedMessageCapability : Capability
{
    public static readonly ExtendedMessageCapability Instance = new();
    public override byte Code => (byte)CapabilityCode.ExtendedMessage;
}

/// <summary>4-octet AS number (RFC 6793).</summary>
public sealed record FourOctetAsCapability(uint Asn) : Capability
{
    public override byte Code => (byte)CapabilityCode.FourOctetAs;
}

/// <summary>One family in the Graceful Restart capability; F bit = forwarding state preserved.</summary>
public readonly record struct GracefulRestartFamily(AfiSafi Family, bool ForwardingPreserved);

/// <summary>
/// Graceful Restart (RFC 4724 s3, N bit from RFC 8538): flags R=0x8, N=0x4 in the top 4 bits,
/// 12-bit restart time, then AFI(2) SAFI(1) Flags(1) per family.
/// </summary>
public sealed record GracefulRestartCapability(
    bool RestartState,
    bool NotificationSupport,
    ushort RestartTimeSeconds,
    ImmutableArray<GracefulRestartFamily> Families) : Capability
{
    public override byte Code => (byte)CapabilityCode.GracefulRestart;

    public bool Equals(GracefulRestartCapability? other) =>
        other is not null && RestartState == other.RestartState &&
        NotificationSupport == other.NotificationSupport &&
        RestartTimeSeconds == other.RestartTimeSeconds && Families.SequenceEqual(other.Families);

    public override int GetHashCode() => HashCode.Combine(RestartState, NotificationSupport, RestartTimeSeconds);
}

/// <summary>ADD-PATH send/receive mode (RFC 7911).</summary>
[Flags]
public enum AddPathMode : byte
{
    None = 0,
    Receive = 1,
    Send = 2,
    Both = 3,
}

/// <summary>ADD-PATH (RFC 7911): AFI(2) SAFI(1) Send/Receive(1) per family.</summary>
public sealed record AddPathCapability(ImmutableArray<(AfiSafi Family, AddPathMode Mode)> Families) : Capability
{
    public override byte Code => (byte)CapabilityCode.AddPath;

    public bool Equals(AddPathCapability? other) =>
        other is not null && Families.SequenceEqual(other.Families);

    public override int GetHashCode() => Families.Length;
}

/// <summary>A capability this speaker does not implement: kept for display, otherwise ignored.</summary>
public sealed record UnknownCapability(byte RawCode, ImmutableArray<byte> Value) : Capability
{
    public override byte Code => RawCode;

    public bool Equals(UnknownCapability? other) =>
        other is not null && RawCode == other.RawCode && Value.SequenceEqual(other.Value);

    public override int GetHashCode() => HashCode.Combine(RawCode, Value.Length);
}
