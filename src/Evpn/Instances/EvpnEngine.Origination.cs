using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>Origination: the VNI's type-3 route and the type-2 routes of its local MACs.</summary>
public sealed partial class EvpnEngine
{
    /// <summary>
    /// Our type-2 routes for one MAC: the MAC-only route and one per IP, unless it is a duplicate.
    /// The IPs are those given with the MAC and those of the kernel's neighbours with this MAC.
    /// </summary>
    private void SyncAdvertised(VniInstance instance, MacEntry entry)
    {
        var local = entry.Duplicate ? null : entry.Local;
        instance.LocalNeighborsByMac.TryGetValue(entry.Mac, out var neighbors);
        if (entry.AdvertisedCount > 0)
        {
            foreach (var ip in entry.Advertised.Keys.ToList())
            {
                if (local is null || (!ip.IsNone && !local.Ips.Contains(ip) && neighbors?.Contains(ip) != true))
                {
                    _originator.Withdraw(entry.Advertised[ip].Nlri);
                    entry.Advertised.Remove(ip);
                }
            }
        }
        if (local is null)
        {
            return;
        }
        AdvertiseMac(instance, entry, local, IpAddressValue.None, router: false);
        foreach (var ip in local.Ips)
        {
            AdvertiseMac(instance, entry, local, ip, router: false);
        }
        foreach (var ip in neighbors ?? [])
        {
            if (!local.Ips.Contains(ip))
            {
                AdvertiseMac(instance, entry, local, ip, instance.LocalNeighbors[ip].Router);
            }
        }
    }

    private void AdvertiseMac(VniInstance instance, MacEntry entry, LocalMac local, IpAddressValue ip, bool router)
    {
        // RFC 7432 s7.2 with RFC 8365 s5.1.3: ESI 0 (single-homed), Ethernet Tag 0 (VLAN-based
        // service), Label1 = the VNI. The MAC Mobility community only once the MAC has moved or is
        // sticky (s7.7); the ARP/ND community with R for an IPv6 router (RFC 9047 s2; none for
        // hosts, as FRR does).
        var route = new MacIpAdvertisementRoute(instance.Rd, EthernetSegmentId.Zero, new EthernetTag(0), entry.Mac, ip, instance.Vni.Value);
        MacMobilityCommunity? mobility = local.Sequence > 0 || local.Sticky ? new MacMobilityCommunity(local.Sequence, local.Sticky) : null;
        ArpNdCommunity? arpNd = router && ip.IsIPv6 ? ArpNdCommunity.Create(router: true) : null;
        var attributes = mobility is null && arpNd is null ? instance.MacAttributes : instance.BuildAttributes(mobility, null, arpNd);
        var desired = new OriginatedRoute(route, route.Encode(), instance.VtepBytes, attributes);
        entry.Advertised[ip] = Originate(entry.AdvertisedCount > 0 ? entry.Advertised.GetValueOrDefault(ip) : null, desired);
    }

    /// <summary>
    /// RFC 7432 s7.3 and s11.2, RFC 8365 s5.1.3: the type-3 route with an ingress replication
    /// tunnel to our VTEP; with a multicast group, a PIM-SM tree tunnel whose identifier is our
    /// VTEP and the group (RFC 6514 s5), so that no peer adds a head-end entry for us. None with
    /// flooding disabled: FRR originates a type-3 only for head-end replication
    /// (<c>bgp_evpn_vni_flood_mode_get</c>), and a VTEP that floods nothing should attract nothing.
    /// </summary>
    private void OriginateInclusiveMulticast(VniInstance instance)
    {
        if (instance.Flooding == FloodingMode.Disabled)
        {
            if (instance.InclusiveMulticast is { } current)
            {
                _originator.Withdraw(current.Nlri);
                instance.InclusiveMulticast = null;
            }
            return;
        }
        var route = new InclusiveMulticastRoute(instance.Rd, new EthernetTag(0), instance.Vtep);
        var tunnel = instance.MulticastGroup.IsNone
            ? PmsiTunnel.IngressReplication(instance.Vni, instance.Vtep)
            : PmsiTunnel.PimSmTree(instance.Vni, instance.Vtep, instance.MulticastGroup);
        var attributes = instance.BuildAttributes(null, tunnel, null);
        instance.InclusiveMulticast = Originate(instance.InclusiveMulticast, new OriginatedRoute(route, route.Encode(), instance.VtepBytes, attributes));
    }

    private OriginatedRoute Originate(OriginatedRoute? current, OriginatedRoute desired)
    {
        if (current is not null && current.SameAs(desired))
        {
            return current;
        }
        if (current is not null && !current.Nlri.AsSpan().SequenceEqual(desired.Nlri))
        {
            // A new RD makes it a different route: the old one must go (RFC 7432 s7.9).
            _originator.Withdraw(current.Nlri);
        }
        _originator.Originate(desired.Nlri, desired.NextHop, desired.Attributes);
        return desired;
    }
}
