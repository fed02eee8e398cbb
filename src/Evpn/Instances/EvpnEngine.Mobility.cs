using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>Local MACs and MAC mobility with duplicate detection (RFC 7432 s15).</summary>
public sealed partial class EvpnEngine
{
    /// <summary>
    /// A MAC (optionally with an IP behind it) seen on a local bridge port, configured, or added
    /// from the CLI: it is local from now on. Neighbours (ARP/ND entries) are not this: see
    /// <see cref="LocalNeighborLearned"/>.
    /// </summary>
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
            // The sequence it had before a restart (a host that moved here): the kernel's
            // bridge kept the MAC, and the location is the same one (RFC 7432 s15).
            uint kept = _options.LocalSequenceStore.Recall(vni, mac);
            entry.Local = new LocalMac { Sticky = sticky, Sequence = kept };
            if (entry.Remote.Count > 0)
            {
                // RFC 7432 s15.1: a MAC learned locally while another PE advertises it with
                // sequence N is advertised with N + 1, so that every PE moves it here.
                entry.Local.Sequence = Math.Max(kept, MaxRemoteSequence(entry) + 1);
            }
            if (entry.Local.Sequence != kept)
            {
                _options.LocalSequenceStore.Remember(vni, mac, entry.Local.Sequence);
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
        Settle(instance, entry);
    }

    /// <summary>The MAC (or only its IP, when one is given) is gone from the local ports.</summary>
    public void LocalMacRemoved(Vni vni, MacAddress mac, IPAddress? ip = null)
    {
        if (!_instances.TryGetValue(vni, out var instance) || !instance.Macs.TryGetEntry(mac, out var entry) || entry.Local is null)
        {
            return;
        }
        if (ip is null)
        {
            // Gone from the bridge: learned again later, it starts from what others advertise.
            ForgetSequence(vni, entry);
            entry.Local = null;
        }
        else
        {
            entry.Local.Ips.Remove(IpAddressValue.From(ip));
        }
        Settle(instance, entry);
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
        int best = BestRemote(entry);
        if (entry.Local is { } local && best >= 0 && !LocalWins(instance, local, entry.Remote[best]))
        {
            // RFC 7432 s15.1: a higher sequence (or an equal one from a lower VTEP address) means
            // the MAC moved away; s15.2: a sticky remote MAC is never moved here.
            ForgetSequence(instance.Vni, entry);
            entry.Local = null;
        }
        var bestVtep = best >= 0 ? _sources[entry.Remote[best].Path.Source].Vtep : IpAddressValue.None;
        var bestAttributes = best >= 0 ? _attributes[entry.Remote[best].Path.Attributes] : null;
        var location = entry.Local is not null ? MacLocation.Local
            : best >= 0 ? new MacLocation(false, bestVtep)
            : MacLocation.Nowhere;
        uint sequence = entry.Local?.Sequence ?? bestAttributes?.Sequence ?? 0;
        // A move is a new location with a higher sequence (RFC 7432 s15.1); a failover to another
        // VTEP's older route, or a tie broken by address, is not the MAC moving.
        if (entry.Location.IsKnown && location.IsKnown && location != entry.Location && sequence > entry.LocationSequence)
        {
            CountMove(instance, entry);
        }
        entry.Location = location;
        entry.LocationSequence = sequence;
        SyncAdvertised(instance, entry);
        InstalledRemoteMac? installed = entry.Local is null && bestAttributes is not null
            ? new InstalledRemoteMac(bestVtep, bestAttributes.Sticky, bestAttributes.Sequence)
            : null;
        // The dataplane holds the VTEP and the sticky flag; a new sequence alone changes nothing there.
        if (installed?.Vtep != entry.Installed?.Vtep || installed?.Sticky != entry.Installed?.Sticky)
        {
            if (installed is { } mac)
            {
                _dataplane.Add(DataplaneIntent.RemoteMac(instance.Vni, entry.Mac, mac.Vtep, mac.Sticky));
            }
            else
            {
                _dataplane.Add(DataplaneIntent.RemoteMacGone(instance.Vni, entry.Mac));
            }
        }
        entry.Installed = installed;
        // Neighbour entries of this MAC follow whether it is local.
        foreach (var route in entry.Remote)
        {
            if (!route.Ip.IsNone)
            {
                SyncNeighbor(instance, route.Ip);
            }
        }
    }

    /// <summary>The index of the best remote route of a MAC, or -1.</summary>
    private int BestRemote(MacEntry entry)
    {
        int best = -1;
        for (int i = 0; i < entry.Remote.Count; i++)
        {
            if (best < 0 || Compare(entry.Remote[i], entry.Remote[best]) < 0)
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>
    /// The EVPN type-2 order (RFC 7432 s15.2, FRR's order): sticky first, then the higher
    /// sequence, then the lower VTEP address; the route key (RD, Ethernet Tag, IP) keeps it total.
    /// </summary>
    private int Compare(RemoteRoute x, RemoteRoute y)
    {
        var xa = _attributes[x.Path.Attributes];
        var ya = _attributes[y.Path.Attributes];
        if (xa.Sticky != ya.Sticky)
        {
            return xa.Sticky ? -1 : 1;
        }
        if (xa.Sequence != ya.Sequence)
        {
            return xa.Sequence > ya.Sequence ? -1 : 1;
        }
        int byVtep = CompareAddresses(_sources[x.Path.Source].Vtep, _sources[y.Path.Source].Vtep);
        if (byVtep != 0)
        {
            return byVtep;
        }
        var xp = _templates[x.Path.Template].Prefix;
        var yp = _templates[y.Path.Template].Prefix;
        int byKey = xp.Rd.Value != yp.Rd.Value ? xp.Rd.Value.CompareTo(yp.Rd.Value) : xp.EthernetTag.Value.CompareTo(yp.EthernetTag.Value);
        return byKey != 0 ? byKey : CompareAddresses(x.Ip, y.Ip);
    }

    internal static int CompareAddresses(IpAddressValue x, IpAddressValue y) =>
        x.ByteLength != y.ByteLength ? x.ByteLength.CompareTo(y.ByteLength) : x.Bits.CompareTo(y.Bits);

    private bool LocalWins(VniInstance instance, LocalMac local, RemoteRoute remote)
    {
        var attributes = _attributes[remote.Path.Attributes];
        if (local.Sticky)
        {
            return true;
        }
        if (attributes.Sticky)
        {
            return false;
        }
        if (local.Sequence != attributes.Sequence)
        {
            return local.Sequence > attributes.Sequence;
        }
        return CompareAddresses(instance.Vtep, _sources[remote.Path.Source].Vtep) <= 0;
    }

    private void ForgetSequence(Vni vni, MacEntry entry)
    {
        if (entry.Local is { Sequence: > 0 })
        {
            _options.LocalSequenceStore.Remember(vni, entry.Mac, 0);
        }
    }

    private uint MaxRemoteSequence(MacEntry entry)
    {
        uint max = 0;
        foreach (var route in entry.Remote)
        {
            max = Math.Max(max, _attributes[route.Path.Attributes].Sequence);
        }
        return max;
    }

    /// <summary>
    /// RFC 7432 s15.1 duplicate detection: <c>MaxMoves</c> moves within <c>Window</c> of the first
    /// one mark the MAC duplicate (no longer advertised), frozen where it now is when configured.
    /// </summary>
    private void CountMove(VniInstance instance, MacEntry entry)
    {
        _macMoves++;
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
            _moves.Enqueue((instance.Vni, entry.Mac), now + dad.Window);
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
        _duplicatesDetected++;
        if (dad.Freeze)
        {
            entry.Frozen = true;
            entry.FrozenUntil = dad.FreezeTime > TimeSpan.Zero ? now + dad.FreezeTime : null;
            _frozen.Add((instance.Vni, entry.Mac));
        }
    }
}
