namespace Evpnd.Bgp.Wire;

/// <summary>Checks an attribute value without allocating (RFC 7606 s7 per-attribute rules).</summary>
internal delegate bool PathAttributeValidator(ReadOnlySpan<byte> value, UpdateCodecOptions options);

/// <summary>Builds the attribute record from a value that passed its validator.</summary>
internal delegate PathAttribute PathAttributeDecoder(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options);

/// <summary>
/// What the codec knows about one attribute type: its category flags, how RFC 7606 handles its
/// errors, and its codec (BIRD's per-attribute descriptor table, in miniature).
/// </summary>
internal sealed record PathAttributeDescriptor(
    PathAttributeType Type,
    PathAttributeFlags Category,
    UpdateErrorAction OnMalformed,
    byte MalformedSubcode,
    UpdateErrorAction OnFlagsError,
    PathAttributeValidator IsWellFormed,
    PathAttributeDecoder Decode);
