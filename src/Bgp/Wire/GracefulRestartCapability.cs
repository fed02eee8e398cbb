using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

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
