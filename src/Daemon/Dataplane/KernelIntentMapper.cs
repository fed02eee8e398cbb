using System.Net;
using Evpnd.Evpn;
using Evpnd.Evpn.Instances;
using Evpnd.KernelSync;
using NeighborEntry = Evpnd.KernelSync.NeighborEntry;

namespace Evpnd.Daemon.Dataplane;

/// <summary>
/// Turns the EVPN engine's per-VNI intents into kernel FDB and neighbour commands on the devices
/// that carry each VNI. It remembers what each VNI wants, so that a device that appears later, or
/// is re-created with another ifindex, gets every entry (and the old device's entries are dropped
/// from the desired state). Runs on the EVPN worker; commands are collected in <see cref="Pending"/>
/// and sent to the kernel worker in one go.
/// </summary>
internal sealed class KernelIntentMapper(VniDeviceMap devices) : IDataplaneIntentSink
{
    private readonly Dictionary<uint, VniWants> _wants = new();

    public List<KernelCommand> Pending { get; } = new();

    public void Add(in DataplaneIntent intent)
    {
        switch (intent.Kind)
        {
            case DataplaneIntentKind.FloodVtepWanted:
                FloodVtepAdded(intent.Vni, intent.Address.ToIPAddress()!);
                break;
            case DataplaneIntentKind.FloodVtepWithdrawn:
                FloodVtepRemoved(intent.Vni, intent.Address.ToIPAddress()!);
                break;
            case DataplaneIntentKind.RemoteMacWanted:
                RemoteMacChanged(intent.Vni, intent.Mac, intent.Address.ToIPAddress()!, intent.Sticky);
                break;
            case DataplaneIntentKind.RemoteMacWithdrawn:
                RemoteMacRemoved(intent.Vni, intent.Mac);
                break;
            case DataplaneIntentKind.NeighborWanted:
                RemoteNeighborChanged(intent.Vni, intent.Address.ToIPAddress()!, intent.Mac);
                break;
            case DataplaneIntentKind.NeighborWithdrawn:
                RemoteNeighborRemoved(intent.Vni, intent.Address.ToIPAddress()!);
                break;
        }
    }

    private void FloodVtepAdded(Vni vni, IPAddress vtep)
    {
        if (Wants(vni).Flood.Add(vtep) && Device(vni) is { } d)
        {
            Pending.Add(new FloodEntryWanted(new FloodEntry(d.VxlanIfindex, vtep)));
        }
    }

    private void FloodVtepRemoved(Vni vni, IPAddress vtep)
    {
        if (Wants(vni).Flood.Remove(vtep) && Device(vni) is { } d)
        {
            Pending.Add(new FloodEntryWithdrawn(new FloodEntry(d.VxlanIfindex, vtep)));
        }
    }

    private void RemoteMacChanged(Vni vni, MacAddress mac, IPAddress vtep, bool sticky)
    {
        var wants = Wants(vni);
        var entry = (vtep, sticky);
        if (wants.Macs.TryGetValue(mac.Value, out var old) && old == entry)
        {
            return;
        }
        wants.Macs[mac.Value] = entry;
        if (Device(vni) is { } d)
        {
            Pending.Add(new RemoteMacWanted(MacEntry(d, mac.Value, entry)));
        }
    }

    private void RemoteMacRemoved(Vni vni, MacAddress mac)
    {
        if (Wants(vni).Macs.Remove(mac.Value, out var old) && Device(vni) is { } d)
        {
            Pending.Add(new RemoteMacWithdrawn(MacEntry(d, mac.Value, old)));
        }
    }

    private void RemoteNeighborChanged(Vni vni, IPAddress ip, MacAddress mac)
    {
        var wants = Wants(vni);
        if (wants.Neighbors.TryGetValue(ip, out var old) && old == mac.Value)
        {
            return;
        }
        wants.Neighbors[ip] = mac.Value;
        if (Device(vni) is { } d)
        {
            Pending.Add(new NeighborWanted(new NeighborEntry(d.BridgeIfindex, ip, mac)));
        }
    }

    private void RemoteNeighborRemoved(Vni vni, IPAddress ip)
    {
        if (Wants(vni).Neighbors.Remove(ip, out var old) && Device(vni) is { } d)
        {
            Pending.Add(new NeighborWithdrawn(new NeighborEntry(d.BridgeIfindex, ip, new MacAddress(old))));
        }
    }

    /// <summary>A VNI's device appeared, changed or went away: move its entries to where they now belong.</summary>
    public void DeviceChanged(uint vni, VniDevice? before, VniDevice? after)
    {
        if (!_wants.TryGetValue(vni, out var wants))
        {
            return;
        }
        if (before is { Usable: true } && !SamePlace(before, after))
        {
            Emit(wants, before, wanted: false);
        }
        if (after is { Usable: true } && !SamePlace(before, after))
        {
            Emit(wants, after, wanted: true);
        }
    }

    private static bool SamePlace(VniDevice? a, VniDevice? b) =>
        a is not null && b is not null && a.Usable == b.Usable && a.VxlanIfindex == b.VxlanIfindex && a.BridgeIfindex == b.BridgeIfindex;

    private void Emit(VniWants wants, VniDevice d, bool wanted)
    {
        foreach (var vtep in wants.Flood)
        {
            var e = new FloodEntry(d.VxlanIfindex, vtep);
            Pending.Add(wanted ? new FloodEntryWanted(e) : new FloodEntryWithdrawn(e));
        }
        foreach (var (mac, entry) in wants.Macs)
        {
            var e = MacEntry(d, mac, entry);
            Pending.Add(wanted ? new RemoteMacWanted(e) : new RemoteMacWithdrawn(e));
        }
        foreach (var (ip, mac) in wants.Neighbors)
        {
            var e = new NeighborEntry(d.BridgeIfindex, ip, new MacAddress(mac));
            Pending.Add(wanted ? new NeighborWanted(e) : new NeighborWithdrawn(e));
        }
    }

    private static RemoteMacEntry MacEntry(VniDevice d, ulong mac, (IPAddress Vtep, bool Sticky) entry) =>
        new(d.VxlanIfindex, d.BridgeIfindex, new MacAddress(mac), entry.Vtep, Sticky: entry.Sticky);

    private VniDevice? Device(Vni vni) => devices.TryGet(vni.Value, out var d) && d.Usable ? d : null;

    private VniWants Wants(Vni vni)
    {
        if (!_wants.TryGetValue(vni.Value, out var wants))
        {
            wants = new VniWants();
            _wants.Add(vni.Value, wants);
        }
        return wants;
    }

    /// <summary>What one VNI wants in the kernel, whatever device carries it.</summary>
    private sealed class VniWants
    {
        public HashSet<IPAddress> Flood { get; } = new();
        public Dictionary<ulong, (IPAddress Vtep, bool Sticky)> Macs { get; } = new();
        public Dictionary<IPAddress, ulong> Neighbors { get; } = new();
    }
}
