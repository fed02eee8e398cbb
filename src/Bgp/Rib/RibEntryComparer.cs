namespace Evpnd.Bgp.Rib;

/// <summary>
/// Compares Loc-RIB entries by their route key, which the family descriptor extracts from the
/// stored NLRI, and looks them up by a key span without allocating. Holding no key array per
/// route saves a third of the memory; the price is one key extraction per comparison. Uses
/// scratch buffers: worker thread only.
/// </summary>
internal sealed class RibEntryComparer : IEqualityComparer<RibEntry>, IAlternateEqualityComparer<ReadOnlySpan<byte>, RibEntry>
{
    private readonly IRibFamily _family;
    private readonly byte[] _x;
    private readonly byte[] _y;

    public RibEntryComparer(IRibFamily family)
    {
        _family = family;
        _x = new byte[family.MaxKeyLength];
        _y = new byte[family.MaxKeyLength];
    }

    public bool Equals(RibEntry? x, RibEntry? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }
        if (x is null || y is null)
        {
            return false;
        }
        int xl = _family.WriteKey(x.NlriSpan, _x);
        int yl = _family.WriteKey(y.NlriSpan, _y);
        return _x.AsSpan(0, xl).SequenceEqual(_y.AsSpan(0, yl));
    }

    public int GetHashCode(RibEntry obj) => Hash(_x.AsSpan(0, _family.WriteKey(obj.NlriSpan, _x)));

    public bool Equals(ReadOnlySpan<byte> alternate, RibEntry other) =>
        alternate.SequenceEqual(_y.AsSpan(0, _family.WriteKey(other.NlriSpan, _y)));

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public RibEntry Create(ReadOnlySpan<byte> alternate) =>
        throw new NotSupportedException("Entries are made from an NLRI, not from a key.");

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode();
    }
}
