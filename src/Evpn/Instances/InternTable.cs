using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// Values that many routes share (attribute sets, VTEPs, NLRI templates), each stored once and
/// referred to by a small index from the compact per-route records. Each value counts the records
/// that refer to it and leaves the table with the last of them, so that its index can be reused.
/// The last value looked up is remembered: the routes of one UPDATE share their attributes, their
/// next hop and usually their RD, so most look-ups are one comparison.
/// </summary>
internal sealed class InternTable<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    private readonly Dictionary<TKey, int> _indexes;
    private readonly IEqualityComparer<TKey> _comparer;
    private readonly Stack<int> _free = new();
    private TKey[] _keys = new TKey[8];
    private TValue?[] _values = new TValue?[8];
    private int[] _references = new int[8];
    private int _highWater;
    private int _last = -1;

    public InternTable(IEqualityComparer<TKey>? comparer = null)
    {
        _comparer = comparer ?? EqualityComparer<TKey>.Default;
        _indexes = new Dictionary<TKey, int>(_comparer);
    }

    public int Count => _indexes.Count;

    /// <summary>One past the highest index in use: the size of an array indexed by this table's indexes.</summary>
    public int IndexLimit => _highWater;

    public TValue this[int index] => _values[index]!;

    /// <summary>
    /// The index of <paramref name="key"/>'s value, created with <paramref name="create"/> the first
    /// time, with one reference added that the caller gives back with <see cref="Release"/>.
    /// </summary>
    public int Hold<TState>(TKey key, TState state, Func<TKey, TState, TValue> create)
    {
        int index = _last;
        if (index < 0 || !_comparer.Equals(_keys[index], key))
        {
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_indexes, key, out bool exists);
            if (exists)
            {
                index = slot;
            }
            else
            {
                index = _free.Count > 0 ? _free.Pop() : _highWater++;
                if (index == _keys.Length)
                {
                    Array.Resize(ref _keys, index * 2);
                    Array.Resize(ref _values, index * 2);
                    Array.Resize(ref _references, index * 2);
                }
                slot = index;
                _keys[index] = key;
                _references[index] = 0;
                _values[index] = create(key, state);
            }
            _last = index;
        }
        _references[index]++;
        return index;
    }

    public bool TryGetIndex(TKey key, out int index) => _indexes.TryGetValue(key, out index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddReference(int index) => _references[index]++;

    /// <summary>Gives back one reference; true when it was the last and the value has left the table.</summary>
    public bool Release(int index)
    {
        if (--_references[index] > 0)
        {
            return false;
        }
        _indexes.Remove(_keys[index]);
        _keys[index] = default!;
        _values[index] = null;
        _free.Push(index);
        if (_last == index)
        {
            _last = -1;
        }
        return true;
    }

    /// <summary>Every value in the table with its index.</summary>
    public IEnumerable<(int Index, TValue Value)> Entries()
    {
        for (int i = 0; i < _highWater; i++)
        {
            if (_values[i] is { } value)
            {
                yield return (i, value);
            }
        }
    }
}
