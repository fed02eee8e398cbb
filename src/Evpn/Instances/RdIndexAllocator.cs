using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>The assignment table both stores share: VNI to index, lowest free index first.</summary>
internal sealed class RdIndexAllocator
{
    private readonly Dictionary<uint, ushort> _byVni = [];
    private readonly HashSet<ushort> _used = [];

    public IReadOnlyDictionary<uint, ushort> Assignments => _byVni;

    public bool TryGet(Vni vni, out ushort index) => _byVni.TryGetValue(vni.Value, out index);

    /// <summary>Records a loaded assignment; false when the VNI or the index is already taken.</summary>
    public bool TryAdd(uint vni, ushort index) =>
        index != 0 && vni <= Vni.MaxValue && !_byVni.ContainsKey(vni) && _used.Add(index) && _byVni.TryAdd(vni, index);

    public ushort Assign(Vni vni)
    {
        for (int index = 1; index <= ushort.MaxValue; index++)
        {
            if (_used.Add((ushort)index))
            {
                _byVni.Add(vni.Value, (ushort)index);
                return (ushort)index;
            }
        }
        throw new InvalidOperationException("All 65535 auto RD indexes are in use.");
    }
}
