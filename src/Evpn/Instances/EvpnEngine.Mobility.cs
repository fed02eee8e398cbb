using System.Net;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>Local MACs, their origination, and MAC mobility with duplicate detection (RFC 7432 s15).</summary>
public sealed partial class EvpnEngine
{
    /// <summary>A MAC (optionally with an IP behind it) seen on a local port, configured, or added from the CLI.</summary>
    public void LocalMacLearned(Vni vni, MacAddress mac, IPAddress? ip = null, bool sticky = false)
    {
        // Group addresses (multicast, broadcast: the SVI's own IGMP/MLD entries) are no host's
        // location; BUM traffic goes by the flood list (RFC 7432 s7.2 advertises unicast MACs).
        if (mac.IsGroup || !_instances.TryGetValue(vni, out var instance))
        {
            return;
        }
        var entry = GetOrAddMac(instance, mac);
        if (entry.Local is null)
        {
            entry.Local = new LocalMac { Sticky = sticky };
            if (entry.Remote.Count > 0)
            {
                // RFC 7432 s15.1: a MAC learned locally while another PE advertises it with
                // sequence N is advertised with N + 1, so that every PE moves it here.
                entry.Local.Sequence = MaxRemoteSequence(entry) + 1;
            }
        }
        else
        {
            entry.Local.Sticky |= sticky;
        }
        if (ip is not null)
        {
            entry.Local.Ips.Add(IpAddressValue.From(ip));
        }
        SyncMac(instance, entry);
    }

    /// <summary>The MAC (or only its IP, when one is given) is gone from the local ports.</summary>
    public void LocalMacRemoved(Vni vni, MacAddress mac, IPAddress? ip = null)
    {
        if (!_instances.TryGetValue(vni, out var instance) || !instance.Macs.TryGetValue(mac, out var entry) || entry.Local is null)
        {
            return;
        }
        if (ip is null)
        {
            entry.Local = null;
        }
        else
        {
            entry.Local.Ips.Remove(IpAddressValue.From(ip));
        }
        SyncMac(instance, entry);
    }

    /// <summary>
    /// Brings one MAC's advertisement and installation in line with what the engine knows:
    /// decides between the local learning and the best remote route, counts moves, and emits
    /// only what changed.
    /// </summary>
    private void SyncMac(VniInstance instance, MacEntry entry)
    {
        if (entry.Frozen)
        {
            // Frozen duplicate (FRR's "dup-addr-detection freeze"): kept exactly as it was when
            // detected until the freeze ends or an operator clears it.
            return;
        }
        var best = entry.BestRemote();
        if (entry.Local is { } local && best is not null && !LocalWins(instance, local, best))
        {
            // RFC 7432 s15.1: a higher sequence (or an equal one from a lower VTEP address) means
            // the MAC moved away; s15.2: a sticky remote MAC is never moved here.
            entry.Local = null;
        }
        var location = entry.Local is not null ? MacLocation.Local
            : best is not null ? new MacLocation(false, best.NextHop)
            : MacLocation.Nowhere;
        uint sequence = entry.Local?.Sequence ?? best?.Sequence ?? 0;
        // A move is a new location with a higher sequence (RFC 7432 s15.1); a failover to another
        // VTEP's older route, or a tie broken by address, is not the MAC moving.
        if (entry.Location.IsKnown && location.IsKnown && location != entry.Location && sequence > entry.LocationSequence)
        {
            CountMove(instance, entry);
        }
        entry.Location = location;
        entry.LocationSequence = sequence;
        SyncAdvertised(instance, entry);
        InstalledRemoteMac? installed = entry.Local is null && best is not null
            ? new InstalledRemoteMac(best.NextHop, best.Sticky, best.Sequence)
            : null;
        if (installed != entry.Installed)
        {
            if (installed is { } mac)
            {
                _dataplane.Add(DataplaneIntent.RemoteMac(instance.Vni, entry.Mac, mac.Vtep, mac.Sticky));
            }
            else
            {
                _dataplane.Add(DataplaneIntent.RemoteMacGone(instance.Vni, entry.Mac));
            }
            entry.Installed = installed;
        }
        // Neighbour entries of this MAC follow whether it is local.
        foreach (var route in entry.Remote)
        {
            if (!route.MacIp!.Ip.IsNone)
            {
                SyncNeighbor(instance, route.MacIp.Ip);
            }
        }
        if (entry.IsEmpty && !entry.Duplicate)
        {
            instance.Macs.Remove(entry.Mac);
        }
    }

    private static bool LocalWins(VniInstance instance, LocalMac local, RemoteRoute remote)
    {
        if (local.Sticky)
        {
            return true;
        }
        if (remote.Sticky)
        {
            return false;
        }
        if (local.Sequence != remote.Sequence)
        {
            return local.Sequence > remote.Sequence;
        }
        return RemoteRoute.CompareAddresses(instance.Vtep, remote.NextHop) <= 0;
    }

    private static uint MaxRemoteSequence(MacEntry entry)
    {
        uint max = 0;
        foreach (var route in entry.Remote)
        {
            max = Math.Max(max, route.Sequence);
        }
        return max;
    }

    /// <summary>
    /// RFC 7432 s15.1 duplicate detection: <c>MaxMoves</c> moves within <c>Window</c> of the first
    /// one mark the MAC duplicate (no longer advertised), frozen where it now is when configured.
    /// </summary>
    private void CountMove(VniInstance instance, MacEntry entry)
    {
        var dad = _options.DuplicateDetection;
        if (!dad.Enabled || entry.Duplicate)
        {
            return;
        }
        var now = _options.TimeProvider.GetUtcNow();
        if (entry.Moves == 0 || now - entry.FirstMove > dad.Window)
        {
            entry.FirstMove = now;
            entry.Moves = 1;
        }
        else
        {
            entry.Moves++;
        }
        if (entry.Moves < dad.MaxMoves)
        {
            return;
        }
        entry.Duplicate = true;
        if (dad.Freeze)
        {
            entry.Frozen = true;
            entry.FrozenUntil = dad.FreezeTime > TimeSpan.Zero ? now + dad.FreezeTime : null;
            _frozen.Add((instance.Vni, entry.Mac));
        }
    }

    /// <summary>Our type-2 routes for one MAC: the MAC-only route and one per local IP, unless it is a duplicate.</summary>
    private void SyncAdvertised(VniInstance instance, MacEntry entry)
    {
        var local = entry.Duplicate ? null : entry.Local;
        foreach (var ip in entry.Advertised.Keys.ToList())
        {
            if (local is null || (!ip.IsNone && !local.Ips.Contains(ip)))
            {
                _originator.Withdraw(entry.Advertised[ip].Nlri);
                entry.Advertised.Remove(ip);
            }
        }
        if (local is null)
        {
            return;
        }
        AdvertiseMac(instance, entry, local, IpAddressValue.None);
        foreach (var ip in local.Ips)
        {
            AdvertiseMac(instance, entry, local, ip);
        }
    }

    private void AdvertiseMac(VniInstance instance, MacEntry entry, LocalMac local, IpAddressValue ip)
    {
        // RFC 7432 s7.2 with RFC 8365 s5.1.3: ESI 0 (single-homed), Ethernet Tag 0 (VLAN-based
        // service), Label1 = the VNI. The MAC Mobility community only once the MAC has moved or is sticky (s7.7).
        var route = new MacIpAdvertisementRoute(instance.Rd, EthernetSegmentId.Zero, new EthernetTag(0), entry.Mac, ip, instance.Vni.Value);
        var attributes = local.Sequence > 0 || local.Sticky
            ? instance.BuildAttributes(new MacMobilityCommunity(local.Sequence, local.Sticky), null)
            : instance.MacAttributes;
        var desired = new OriginatedRoute(route, route.Encode(), instance.VtepBytes, attributes);
        entry.Advertised[ip] = Originate(entry.Advertised.GetValueOrDefault(ip), desired);
    }

    /// <summary>RFC 7432 s7.3, RFC 8365 s5.1.3: the type-3 route with an ingress replication tunnel to our VTEP.</summary>
    private void OriginateInclusiveMulticast(VniInstance instance)
    {
        var route = new InclusiveMulticastRoute(instance.Rd, new EthernetTag(0), instance.Vtep);
        var attributes = instance.BuildAttributes(null, PmsiTunnel.IngressReplication(instance.Vni, instance.Vtep));
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
