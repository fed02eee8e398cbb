using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// The remote routes (and, in a VNI, everything else known) per MAC: one per local VNI, and one
/// for the routes no VNI imports (kept so that a VNI added or re-configured later imports them;
/// the RIB is not asked again). A MAC with one MAC-only remote route costs one
/// <see cref="MacSlot"/> (a 32-byte dictionary entry); the rare rest goes to a <see cref="MacEntry"/>.
/// </summary>
internal sealed class MacTable
{
    private readonly Stack<int> _free = new();
    private MacEntry?[] _entries = new MacEntry?[16];
    private int _highWater;

    public MacTable(VniInstance? instance)
    {
        Instance = instance;
    }

    /// <summary>The VNI whose table this is; null for the table of routes no VNI imports.</summary>
    public VniInstance? Instance { get; }

    public Dictionary<MacAddress, MacSlot> Slots { get; } = [];

    public int DetailedCount => _highWater - _free.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MacEntry Entry(in MacSlot slot) => _entries[slot.Entry - 1]!;

    public bool TryGetEntry(MacAddress mac, out MacEntry entry)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(Slots, mac);
        if (Unsafe.IsNullRef(ref slot) || slot.IsCompact)
        {
            entry = null!;
            return false;
        }
        entry = Entry(slot);
        return true;
    }

    /// <summary>Stores a detailed entry; returns the value for <see cref="MacSlot.Entry"/>.</summary>
    public int Store(MacEntry entry)
    {
        int index = _free.Count > 0 ? _free.Pop() : _highWater++;
        if (index == _entries.Length)
        {
            Array.Resize(ref _entries, index * 2);
        }
        _entries[index] = entry;
        return index + 1;
    }

    public void Free(int slotEntry)
    {
        _entries[slotEntry - 1] = null;
        _free.Push(slotEntry - 1);
    }

    /// <summary>The detailed entries (a copy: callers change the table while they walk it).</summary>
    public List<MacEntry> DetailedEntries()
    {
        var entries = new List<MacEntry>(DetailedCount);
        for (int i = 0; i < _highWater; i++)
        {
            if (_entries[i] is { } entry)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }
}
