using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>Decodes an attribute block into records, after <see cref="UpdateValidator"/> has judged it.</summary>
internal static class PathAttributeDecoding
{
    /// <summary>
    /// Decodes every attribute that is well formed, first occurrence only, skipping the
    /// <paramref name="discarded"/> types and unrecognised optional non-transitive attributes
    /// (RFC 4271 s5: quietly ignored). Malformed attributes are left out; the validation result
    /// says what that means for the UPDATE.
    /// </summary>
    public static ImmutableArray<PathAttribute> Decode(ReadOnlySpan<byte> block, UpdateCodecOptions options, AttributeTypeSet discarded,
        bool includeMp = true)
    {
        var list = ImmutableArray.CreateBuilder<PathAttribute>();
        foreach (var raw in new PathAttributeEnumerator(block))
        {
            var attribute = DecodeOne(raw, options, discarded, includeMp);
            if (attribute is not null)
            {
                list.Add(attribute);
            }
        }
        return list.ToImmutable();
    }

    public static PathAttribute? DecodeOne(RawPathAttribute raw, UpdateCodecOptions options, AttributeTypeSet discarded, bool includeMp)
    {
        if (discarded.Contains(raw.TypeCode) ||
            (!includeMp && raw.TypeCode is (byte)PathAttributeType.MpReachNlri or (byte)PathAttributeType.MpUnreachNlri))
        {
            return null;
        }
        var descriptor = PathAttributeRegistry.Get(raw.TypeCode);
        if (descriptor is null)
        {
            const PathAttributeFlags optionalTransitive = PathAttributeFlags.Optional | PathAttributeFlags.Transitive;
            return (raw.Flags & optionalTransitive) == optionalTransitive
                ? new UnknownPathAttribute(raw.TypeCode, raw.Flags, [.. raw.Value])
                : null;
        }
        if ((raw.Flags & PathAttributeCategory.Mask) != descriptor.Category || !descriptor.IsWellFormed(raw.Value, options))
        {
            return null;
        }
        return descriptor.Decode(raw.Value, raw.Flags, options);
    }
}
