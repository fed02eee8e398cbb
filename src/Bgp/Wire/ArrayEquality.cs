using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>Value equality for the immutable arrays records hold (ImmutableArray compares by reference).</summary>
internal static class ArrayEquality
{
    public static bool Equal<T>(ImmutableArray<T> a, ImmutableArray<T> b) =>
        a.IsDefaultOrEmpty ? b.IsDefaultOrEmpty : !b.IsDefault && a.AsSpan().SequenceEqual(b.AsSpan());

    public static int Hash(ImmutableArray<byte> a)
    {
        var hash = new HashCode();
        hash.AddBytes(a.IsDefault ? [] : a.AsSpan());
        return hash.ToHashCode();
    }

    public static int Hash<T>(ImmutableArray<T> a)
    {
        var hash = new HashCode();
        if (!a.IsDefault)
        {
            foreach (var item in a)
            {
                hash.Add(item);
            }
        }
        return hash.ToHashCode();
    }
}
