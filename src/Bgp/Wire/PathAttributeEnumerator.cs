namespace Evpnd.Bgp.Wire;

/// <summary>
/// Walks a path attribute block without allocating. Later occurrences of a type already seen are
/// skipped (RFC 7606 s3: keep the first). Stops at an attribute that overruns the block
/// (<see cref="IsTruncated"/>); <see cref="UpdateReader.Validate"/> reports what that means.
/// </summary>
public ref struct PathAttributeEnumerator
{
    private ReadOnlySpan<byte> _rest;
    private AttributeTypeSet _seen;
    private RawPathAttribute _current;

    public PathAttributeEnumerator(ReadOnlySpan<byte> attributes)
    {
        _rest = attributes;
    }

    public readonly RawPathAttribute Current => _current;

    public bool IsTruncated { get; private set; }

    public readonly PathAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            if (!RawPathAttribute.TryRead(_rest, out var attribute))
            {
                IsTruncated = true;
                _rest = default;
                return false;
            }
            _rest = _rest[attribute.Encoded.Length..];
            if (_seen.Add(attribute.TypeCode))
            {
                _current = attribute;
                return true;
            }
        }
        return false;
    }
}
