using System.Net;
using System.Runtime.InteropServices;

namespace Evpnd.KernelSync;

/// <summary>
/// KernelSync's link table and what it means for VNIs: which VXLAN device carries which VNI, in
/// which bridge, and whether evpnd can program it (<see cref="VniState.Usable"/>). Fed with the
/// monitor's link events in order; each change answers which VNIs changed, so that the worker
/// re-programs a VNI whose device appeared, came up, joined its bridge or was re-created.
/// </summary>
/// <remarks>
/// One traditional VXLAN device per VNI, alone in a bridge without VLAN filtering (the layout
/// FRR's zebra discovers). What evpnd cannot map yet is refused with the reason in
/// <see cref="VniState.Unsupported"/> rather than programmed into the wrong VNI: a VLAN-aware
/// bridge or a bridge with several VXLAN ports (which VNI a MAC belongs to needs VLAN-to-VNI
/// mapping), and single VXLAN devices (<c>external</c>, <c>vnifilter</c>: their VNIs are not in
/// the link message; reported by <see cref="UnsupportedDevices"/>). Not thread-safe: owned by the
/// KernelSync worker.
/// </remarks>
public sealed class VniTable
{
    private readonly Dictionary<int, LinkRecord> _links = [];

    /// <summary>
    /// Ifindexes of links known to be gone. The kernel never reuses an ifindex soon (it counts up
    /// per namespace), so an add or change for one of them is an event from before the removal,
    /// read late (queued behind an overrun's resync dump): applying it would bring the device back.
    /// </summary>
    private readonly HashSet<int> _gone = [];
    private readonly Dictionary<Vni, VniState> _byVni = [];
    private readonly Dictionary<int, Vni> _byDevice = [];
    private readonly Dictionary<int, Vni> _byBridge = [];
    private readonly Dictionary<int, string> _unsupportedDevices = [];

    /// <summary>The links by ifindex, as last reported.</summary>
    public IReadOnlyDictionary<int, LinkRecord> Links => _links;

    public IReadOnlyCollection<VniState> Vnis => _byVni.Values;

    /// <summary>Single VXLAN devices (collect_metadata, vnifilter) by ifindex, with why they are not programmed.</summary>
    public IReadOnlyDictionary<int, string> UnsupportedDevices => _unsupportedDevices;

    public static VniTable Of(IEnumerable<LinkRecord> links)
    {
        var table = new VniTable();
        table.Replace(links);
        return table;
    }

    public bool TryGet(Vni vni, out VniState state) => _byVni.TryGetValue(vni, out state!);

    /// <summary>The VNI a usable VNI's device programs, by the VXLAN device's ifindex.</summary>
    public bool TryGetUsableByDevice(int vxlanIfindex, out VniState state)
    {
        state = null!;
        return _byDevice.TryGetValue(vxlanIfindex, out var vni) && _byVni.TryGetValue(vni, out state!) && state.Usable;
    }

    /// <summary>The usable VNI whose VXLAN device is the one VXLAN port of <paramref name="bridgeIfindex"/>.</summary>
    public bool TryGetUsableByBridge(int bridgeIfindex, out VniState state)
    {
        state = null!;
        return _byBridge.TryGetValue(bridgeIfindex, out var vni) && _byVni.TryGetValue(vni, out state!) && state.Usable;
    }

    /// <summary>Replaces the whole table (a fresh link dump); returns the VNIs that changed.</summary>
    public List<VniChange> Replace(IEnumerable<LinkRecord> links)
    {
        var before = _links.Keys.ToList();
        _links.Clear();
        foreach (var link in links)
        {
            _links[link.Ifindex] = link;
        }

        foreach (var ifindex in before)
        {
            if (!_links.ContainsKey(ifindex))
            {
                _gone.Add(ifindex);
            }
        }

        return Recompute();
    }

    /// <summary>
    /// Applies one link event (others are ignored); returns the VNIs whose state changed, in no
    /// particular order, empty when none did.
    /// </summary>
    public List<VniChange> Apply(KernelEvent linkEvent)
    {
        switch (linkEvent)
        {
            case LinkUpdated updated when !_gone.Contains(updated.Link.Ifindex):
                ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(_links, updated.Link.Ifindex, out var known);
                if (known && held == updated.Link)
                {
                    // Reported again as it is (the monitor reports every RTM_NEWLINK): nothing to recompute.
                    return [];
                }

                held = updated.Link;
                break;
            case LinkRemoved removed:
                _links.Remove(removed.Link.Ifindex);
                _gone.Add(removed.Link.Ifindex);
                break;
            default:
                return [];
        }

        return Recompute();
    }

    /// <summary>The device's name, or "-" for one not (or no longer) in the table.</summary>
    public string NameOf(int ifindex) => _links.TryGetValue(ifindex, out var link) ? link.Name : "-";

    private List<VniChange> Recompute()
    {
        // The number of links is small (tens to a few thousand): recomputing on each link event
        // keeps one rule for appear, change, re-create and remove.
        var vxlanPorts = new Dictionary<int, List<LinkRecord>>();
        foreach (var link in _links.Values)
        {
            if (link.IsVxlan && link.MasterIfindex != 0)
            {
                if (!vxlanPorts.TryGetValue(link.MasterIfindex, out var ports))
                {
                    ports = [];
                    vxlanPorts.Add(link.MasterIfindex, ports);
                }

                ports.Add(link);
            }
        }

        var now = new Dictionary<Vni, VniState>();
        _unsupportedDevices.Clear();
        foreach (var link in _links.Values.OrderBy(l => l.Ifindex))
        {
            if (link.Vxlan is not { } vxlan)
            {
                continue;
            }

            if (vxlan.CollectMetadata || vxlan.VniFilter)
            {
                _unsupportedDevices[link.Ifindex] =
                    $"{link.Name} is a single VXLAN device ({(vxlan.VniFilter ? "external vnifilter" : "external")}), which evpnd does not program yet: its VNIs get no remote MACs and are not discovered; use one VXLAN device per VNI (ip link add vxlanN type vxlan id N ...), each alone in a bridge";
                continue;
            }

            var vni = new Vni(vxlan.Vni);
            if (now.ContainsKey(vni))
            {
                // Two devices with one VNI: the first (lowest ifindex) is the one used.
                continue;
            }

            LinkRecord? bridge = link.MasterIfindex != 0 && _links.TryGetValue(link.MasterIfindex, out var master) && master.IsBridge ? master : null;
            now[vni] = new VniState(
                vni,
                link.Name,
                link.AdminUp && link.OperUp,
                bridge?.Name,
                vxlan.Local,
                vxlan.Group is { } group && IsMulticast(group) ? group : null,
                bridge is null ? null : Unsupported(vni, bridge, vxlanPorts[bridge.Ifindex]))
            {
                DeviceIfindex = link.Ifindex,
                BridgeIfindex = bridge?.Ifindex ?? 0,
            };
        }

        var changes = new List<VniChange>();
        foreach (var (vni, after) in now)
        {
            _byVni.TryGetValue(vni, out var before);
            if (before != after)
            {
                changes.Add(new VniChange(vni, before, after));
            }
        }

        foreach (var (vni, before) in _byVni)
        {
            if (!now.ContainsKey(vni))
            {
                changes.Add(new VniChange(vni, before, null));
            }
        }

        _byVni.Clear();
        _byDevice.Clear();
        _byBridge.Clear();
        foreach (var (vni, state) in now)
        {
            _byVni[vni] = state;
            _byDevice[state.DeviceIfindex] = vni;
            if (state.BridgeIfindex != 0)
            {
                _byBridge.TryAdd(state.BridgeIfindex, vni);
            }
        }

        return changes;
    }

    private static string? Unsupported(Vni vni, LinkRecord bridge, List<LinkRecord> vxlanPorts)
    {
        if (bridge.Bridge is { VlanFiltering: true })
        {
            return $"bridge {bridge.Name} filters VLANs (vlan_filtering 1), and evpnd maps a VNI to a whole bridge, not to a VLAN: "
                + $"set 'ip link set {bridge.Name} type bridge vlan_filtering 0' or give VNI {vni} a bridge of its own";
        }

        if (vxlanPorts.Count > 1)
        {
            return $"bridge {bridge.Name} has {vxlanPorts.Count} VXLAN ports ({string.Join(", ", vxlanPorts.Select(p => p.Name).Order(StringComparer.Ordinal))}), "
                + "and evpnd cannot tell which VNI a MAC learned on it belongs to: give each VXLAN device a bridge of its own";
        }

        return null;
    }

    private static bool IsMulticast(IPAddress address) =>
        address.IsIPv6Multicast || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0);
}
