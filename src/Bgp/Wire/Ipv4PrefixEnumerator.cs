namespace Evpnd.Bgp.Wire;

/// <summary>Walks the IPv4 prefixes of a Withdrawn Routes or NLRI field without allocating.</summary>
public ref struct Ipv4PrefixEnumerator
{
    private ReadOnlySpan<byte> _rest;
    private Ipv4Prefix _current;

    public Ipv4PrefixEnumerator(ReadOnlySpan<byte> field)
    {
        _rest = field;
    }

    public readonly Ipv4Prefix Current => _current;

    /// <summary>A prefix longer than 32 bits or overrunning the field stopped the walk.</summary>
    public bool IsMalformed { get; private set; }

    public readonly Ipv4PrefixEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.IsEmpty)
        {
            return false;
        }
        if (!Ipv4Prefix.TryRead(_rest, out _current, out int consumed))
        {
            IsMalformed = true;
            _rest = default;
            return false;
        }
        _rest = _rest[consumed..];
        return true;
    }
}
