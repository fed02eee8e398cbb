using Evpnd.KernelSync;

namespace Evpnd.Daemon.Dataplane;

/// <summary>
/// Which VXLAN device carries which VNI, and which bridge serves it, kept from the kernel's link
/// events. One traditional VXLAN device per VNI, enslaved to a bridge of its own (the layout FRR's
/// zebra discovers); a single VXLAN device with many VNIs is not supported yet.
/// </summary>
internal sealed class VniDeviceMap
{
    private readonly Dictionary<int, LinkRecord> _links = new();
    private readonly Dictionary<uint, VniDevice> _byVni = new();

    public IReadOnlyCollection<VniDevice> Devices => _byVni.Values;

    public bool TryGet(uint vni, out VniDevice device) => _byVni.TryGetValue(vni, out device!);

    /// <summary>The VNI whose VXLAN device is enslaved to <paramref name="bridgeIfindex"/>.</summary>
    public bool TryGetByBridge(int bridgeIfindex, out VniDevice device)
    {
        foreach (var d in _byVni.Values)
        {
            if (d.BridgeIfindex == bridgeIfindex)
            {
                device = d;
                return true;
            }
        }
        device = null!;
        return false;
    }

    /// <summary>Applies a link event; returns the VNIs whose device appeared, changed or went away.</summary>
    public IReadOnlyList<(uint Vni, VniDevice? Before, VniDevice? After)> Apply(KernelEvent e)
    {
        switch (e)
        {
            case LinkAdded added:
                _links[added.Link.Ifindex] = added.Link;
                break;
            case LinkChanged changed:
                _links[changed.Current.Ifindex] = changed.Current;
                break;
            case LinkRemoved removed:
                _links.Remove(removed.Link.Ifindex);
                break;
            case KernelResynchronised:
                break;
            default:
                return [];
        }
        return Recompute();
    }

    private List<(uint, VniDevice?, VniDevice?)> Recompute()
    {
        var now = new Dictionary<uint, VniDevice>();
        foreach (var link in _links.Values)
        {
            if (link.Vxlan is not { CollectMetadata: false } vxlan)
            {
                continue;
            }
            var bridge = link.MasterIfindex != 0 && _links.TryGetValue(link.MasterIfindex, out var master) && master.IsBridge
                ? master.Ifindex
                : 0;
            now[vxlan.Vni] = new VniDevice(vxlan.Vni, link.Ifindex, link.Name, bridge, vxlan.Local, link.AdminUp && link.OperUp);
        }
        var changes = new List<(uint, VniDevice?, VniDevice?)>();
        foreach (var (vni, after) in now)
        {
            _byVni.TryGetValue(vni, out var before);
            if (before != after)
            {
                changes.Add((vni, before, after));
            }
        }
        foreach (var (vni, before) in _byVni)
        {
            if (!now.ContainsKey(vni))
            {
                changes.Add((vni, before, null));
            }
        }
        _byVni.Clear();
        foreach (var (vni, device) in now)
        {
            _byVni[vni] = device;
        }
        return changes;
    }
}
