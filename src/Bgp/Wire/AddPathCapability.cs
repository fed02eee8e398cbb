using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>ADD-PATH (RFC 7911): AFI(2) SAFI(1) Send/Receive(1) per family.</summary>
public sealed record AddPathCapability(ImmutableArray<(AfiSafi Family, AddPathMode Mode)> Families) : Capability
{
    public override byte Code => (byte)CapabilityCode.AddPath;

    public bool Equals(AddPathCapability? other) =>
        other is not null && Families.SequenceEqual(other.Families);

    public override int GetHashCode() => Families.Length;
}
