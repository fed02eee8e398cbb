using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// Maps the raw bytes of an UPDATE's path attributes (all but MP_REACH/MP_UNREACH) to one shared
/// <see cref="PathAttributeSet"/>, so that a million routes hold a handful of sets. A lookup of a
/// set already known allocates nothing: the key is assembled in a reused buffer and looked up by
/// span. Not thread-safe: one interner belongs to the RIB worker.
/// </summary>
public sealed class AttributeSetInterner
{
    private readonly Dictionary<byte[], PathAttributeSet> _sets = new(ByteSequenceComparer.Instance);
    private readonly Dictionary<byte[], PathAttributeSet>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private byte[] _scratch = new byte[1024];

    public AttributeSetInterner()
    {
        _lookup = _sets.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>How many distinct sets are held.</summary>
    public int Count => _sets.Count;

    /// <summary>
    /// The set for an UPDATE that passed validation (action None or AttributeDiscard): first
    /// occurrence of each attribute, the <see cref="UpdateValidation.Discarded"/> types left out.
    /// </summary>
    public PathAttributeSet Intern(scoped in UpdateReader update, UpdateCodecOptions options, in UpdateValidation validation) =>
        Intern(update.PathAttributesField, options, validation.Discarded);

    /// <summary>The set for a raw path attribute block (MP_REACH/MP_UNREACH in it are ignored).</summary>
    public PathAttributeSet Intern(ReadOnlySpan<byte> attributeBlock, UpdateCodecOptions options, AttributeTypeSet discarded = default)
    {
        // Key: one byte for the AS size the bytes were encoded with (the same bytes mean different
        // paths at 2 and 4 octets), then the kept attributes as they were on the wire.
        int length = 1;
        foreach (var raw in new PathAttributeEnumerator(attributeBlock))
        {
            if (Keeps(raw, discarded))
            {
                length += raw.Encoded.Length;
            }
        }
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }
        var key = _scratch.AsSpan(0, length);
        key[0] = options.FourOctetAs ? (byte)4 : (byte)2;
        int pos = 1;
        foreach (var raw in new PathAttributeEnumerator(attributeBlock))
        {
            if (Keeps(raw, discarded))
            {
                raw.Encoded.CopyTo(key[pos..]);
                pos += raw.Encoded.Length;
            }
        }
        if (_lookup.TryGetValue(key, out var existing))
        {
            return existing;
        }
        var stored = key.ToArray();
        var attributes = PathAttributeDecoding.Decode(stored.AsSpan(1), options, discarded, includeMp: false);
        if (!options.FourOctetAs)
        {
            attributes = As4Translation.MergeFromTwoOctetPeer(attributes);
        }
        var set = new PathAttributeSet(attributes, stored.AsMemory(1));
        _sets.Add(stored, set);
        return set;
    }

    /// <summary>The set for attributes built locally (e.g. for routes this speaker originates).</summary>
    public PathAttributeSet Intern(IEnumerable<PathAttribute> attributes)
    {
        var options = UpdateCodecOptions.Default;
        var list = attributes.Where(a => a is not MpReachNlriAttribute and not MpUnreachNlriAttribute).ToImmutableArray();
        var buffer = new byte[list.Sum(a => a.GetEncodedLength(options))];
        int pos = 0;
        foreach (var attribute in list)
        {
            pos += attribute.Write(buffer.AsSpan(pos), options);
        }
        return Intern(buffer, options);
    }

    /// <summary>Forgets every set (e.g. when all peers are gone); sets already handed out stay valid.</summary>
    public void Clear() => _sets.Clear();

    private static bool Keeps(RawPathAttribute raw, AttributeTypeSet discarded) =>
        raw.TypeCode is not ((byte)PathAttributeType.MpReachNlri or (byte)PathAttributeType.MpUnreachNlri) &&
        !discarded.Contains(raw.TypeCode);
}
