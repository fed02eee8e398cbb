using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// An optional transitive attribute this speaker does not recognise: kept and passed on with the
/// Partial bit set (RFC 4271 s5, s9.1.3). Unrecognised optional non-transitive attributes are
/// dropped when decoding; an unrecognised well-known one is an error (3/2).
/// </summary>
public sealed record UnknownPathAttribute : PathAttribute
{
    public UnknownPathAttribute(byte typeCode, PathAttributeFlags flags, ImmutableArray<byte> value)
        : base(flags)
    {
        RawTypeCode = typeCode;
        Value = value;
    }

    public byte RawTypeCode { get; }

    public ImmutableArray<byte> Value { get; }

    public override byte TypeCode => RawTypeCode;

    public override PathAttribute ForPropagation() =>
        (Flags & PathAttributeFlags.Transitive) != 0 && (Flags & PathAttributeFlags.Partial) == 0
            ? this with { Flags = Flags | PathAttributeFlags.Partial }
            : this;

    internal override int GetValueLength(UpdateCodecOptions options) => Value.Length;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options) => Value.AsSpan().CopyTo(destination);

    public bool Equals(UnknownPathAttribute? other) =>
        other is not null && base.Equals(other) && RawTypeCode == other.RawTypeCode && ArrayEquality.Equal(Value, other.Value);

    public override int GetHashCode() => HashCode.Combine(RawTypeCode, ArrayEquality.Hash(Value));
}
