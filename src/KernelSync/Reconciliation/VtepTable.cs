using System.Net;
using System.Runtime.InteropServices;

namespace Evpnd.KernelSync;

/// <summary>
/// The remote VTEP addresses wanted entries point at, each held once and named by a small index,
/// with the <see cref="IPAddress"/> the netlink writer and the record take: one object per VTEP,
/// not one per remote MAC. VTEPs are few and are never forgotten while the reconciler lives. The
/// ownership record holds the table, and the reconciler's wants name their VTEPs by its indexes.
/// </summary>
internal sealed class VtepTable
{
    private readonly Dictionary<IpAddressValue, int> _indexes = [];
    private readonly List<IPAddress> _addresses = [];

    public int Count => _addresses.Count;

    public IPAddress this[int index] => _addresses[index];

    public int Intern(IpAddressValue vtep)
    {
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_indexes, vtep, out var known);
        if (!known)
        {
            index = _addresses.Count;
            _addresses.Add(vtep.ToIPAddress()!);
        }

        return index;
    }

    public int Intern(IPAddress vtep) => Intern(IpAddressValue.From(vtep));
}
