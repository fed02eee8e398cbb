using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>A capability this speaker does not implement: kept for display, otherwise ignored.</summary>
public sealed record UnknownCapability(byte RawCode, ImmutableArray<byte> Value) : Capability
{
    public override byte Code => RawCode;

    public bool Equals(UnknownCapability? other) =>
        other is not null && RawCode == other.RawCode && Value.SequenceEqual(other.Value);

    public override int GetHashCode() => HashCode.Combine(RawCode, Value.Length);
}
