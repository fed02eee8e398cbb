using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>Everything one VNI knows about one MAC: local learning, remote routes, what we advertise and install.</summary>
internal sealed class MacEntry
{
    public MacEntry(MacAddress mac)
    {
        Mac = mac;
    }

    public MacAddress Mac { get; }

    public LocalMac? Local { get; set; }

    /// <summary>Every imported type-2 route for this MAC (MAC-only and MAC+IP, from every VTEP).</summary>
    public List<RemoteRoute> Remote { get; } = [];

    /// <summary>Our type-2 routes for this MAC, by IP (none = the MAC-only route).</summary>
    public Dictionary<IpAddressValue, OriginatedRoute> Advertised { get; } = [];

    public InstalledRemoteMac? Installed { get; set; }

    public MacLocation Location { get; set; }

    /// <summary>The sequence the MAC had at <see cref="Location"/>.</summary>
    public uint LocationSequence { get; set; }

    public int Moves { get; set; }

    public DateTimeOffset FirstMove { get; set; }

    public bool Duplicate { get; set; }

    public bool Frozen { get; set; }

    public DateTimeOffset? FrozenUntil { get; set; }

    public bool IsEmpty => Local is null && Remote.Count == 0 && Advertised.Count == 0 && Installed is null && !Frozen;

    public RemoteRoute? BestRemote()
    {
        RemoteRoute? best = null;
        foreach (var route in Remote)
        {
            if (best is null || RemoteRoute.Compare(route, best) < 0)
            {
                best = route;
            }
        }
        return best;
    }
}
