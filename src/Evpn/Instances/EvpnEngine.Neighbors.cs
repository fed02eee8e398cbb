using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// Local neighbours: ARP/ND entries the kernel learned on a VNI's bridge (an SVI resolving a host).
/// A neighbour only attaches an IP to a MAC that is local (learned on a bridge port or
/// configured): it never makes a MAC local, since an SVI resolves remote hosts too (pinging a host
/// behind another VTEP adds a neighbour for it here). Until its MAC is local it waits, inactive;
/// zebra does the same (zebra_evpn_neigh.c: a neighbour whose MAC is not local is not sent to BGP).
/// </summary>
public sealed partial class EvpnEngine
{
    /// <summary>
    /// The kernel holds (or updated) a neighbour <paramref name="ip"/> → <paramref name="mac"/> on
    /// the VNI's bridge. While <paramref name="mac"/> is local here it is advertised as a MAC+IP
    /// route (with the ARP/ND community's R flag for an IPv6 router, RFC 9047); otherwise it waits.
    /// </summary>
    public void LocalNeighborLearned(Vni vni, IPAddress ip, MacAddress mac, bool router)
    {
        if (mac.IsGroup || !_instances.TryGetValue(vni, out var instance))
        {
            return;
        }
        var address = IpAddressValue.From(ip);
        var neighbor = new LocalNeighbor(mac, router && address.IsIPv6);
        if (instance.LocalNeighbors.TryGetValue(address, out var old))
        {
            if (old == neighbor)
            {
                return;
            }
            if (old.Mac != mac)
            {
                // The IP moved to another MAC: the old MAC's MAC+IP route goes.
                Detach(instance, address, old.Mac);
            }
        }
        instance.LocalNeighbors[address] = neighbor;
        if (!instance.LocalNeighborsByMac.TryGetValue(mac, out var ips))
        {
            ips = [];
            instance.LocalNeighborsByMac.Add(mac, ips);
        }
        if (!ips.Contains(address))
        {
            ips.Add(address);
        }
        SyncLocalMac(instance, mac);
    }

    /// <summary>The kernel's neighbour entry for <paramref name="ip"/> is gone (or failed): its MAC+IP route goes.</summary>
    public void LocalNeighborRemoved(Vni vni, IPAddress ip)
    {
        if (!_instances.TryGetValue(vni, out var instance))
        {
            return;
        }
        var address = IpAddressValue.From(ip);
        if (!instance.LocalNeighbors.Remove(address, out var old))
        {
            return;
        }
        Detach(instance, address, old.Mac);
    }

    private void Detach(VniInstance instance, IpAddressValue ip, MacAddress mac)
    {
        if (instance.LocalNeighborsByMac.TryGetValue(mac, out var ips))
        {
            ips.Remove(ip);
            if (ips.Count == 0)
            {
                instance.LocalNeighborsByMac.Remove(mac);
            }
        }
        SyncLocalMac(instance, mac);
    }

    /// <summary>Re-advertises a MAC whose neighbours changed, if it is local; a neighbour of a MAC that is not local changes nothing.</summary>
    private void SyncLocalMac(VniInstance instance, MacAddress mac)
    {
        if (instance.Macs.TryGetEntry(mac, out var entry) && entry.Local is not null)
        {
            Settle(instance, entry);
        }
    }
}
