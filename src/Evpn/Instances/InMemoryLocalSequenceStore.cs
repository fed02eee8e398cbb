using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>An <see cref="ILocalSequenceStore"/> that lives as long as the process (tests; no state directory).</summary>
public sealed class InMemoryLocalSequenceStore : ILocalSequenceStore
{
    private readonly Dictionary<(Vni, MacAddress), uint> _sequences = [];

    /// <summary>MACs whose sequence is kept.</summary>
    public int Count => _sequences.Count;

    public uint Recall(Vni vni, MacAddress mac) => _sequences.GetValueOrDefault((vni, mac));

    public void Remember(Vni vni, MacAddress mac, uint sequence)
    {
        if (sequence == 0)
        {
            _sequences.Remove((vni, mac));
        }
        else
        {
            _sequences[(vni, mac)] = sequence;
        }
    }

    public void Save()
    {
    }
}
