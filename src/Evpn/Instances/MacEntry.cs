using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// Everything one VNI knows about one MAC beyond the compact case: local learning, several remote
/// routes (a move in progress, MAC+IP routes), what we advertise and install, duplicate detection.
/// </summary>
internal sealed class MacEntry
{
    private Dictionary<IpAddressValue, OriginatedRoute>? _advertised;

    public MacEntry(MacAddress mac)
    {
        Mac = mac;
    }

    public MacAddress Mac { get; }

    public LocalMac? Local { get; set; }

    /// <summary>Every imported type-2 route for this MAC (MAC-only and MAC+IP, from every VTEP).</summary>
    // Two: a MAC-only route and a MAC+IP one from the same VTEP is what most hosts with an IP have.
    public List<RemoteRoute> Remote { get; } = new(2);

    /// <summary>Our type-2 routes for this MAC, by IP (none = the MAC-only route).</summary>
    public Dictionary<IpAddressValue, OriginatedRoute> Advertised => _advertised ??= [];

    public int AdvertisedCount => _advertised?.Count ?? 0;

    public InstalledRemoteMac? Installed { get; set; }

    public MacLocation Location { get; set; }

    /// <summary>The sequence the MAC had at <see cref="Location"/>.</summary>
    public uint LocationSequence { get; set; }

    public int Moves { get; set; }

    public DateTimeOffset FirstMove { get; set; }

    public bool Duplicate { get; set; }

    public bool Frozen { get; set; }

    public DateTimeOffset? FrozenUntil { get; set; }

    public bool IsEmpty => Local is null && Remote.Count == 0 && AdvertisedCount == 0 && Installed is null && !Frozen;

    /// <summary>The index in <see cref="Remote"/> of the route with this key prefix and IP, or -1.</summary>
    public int IndexOf(RouteKeyPrefix prefix, IpAddressValue ip, InternTable<NlriTemplateKey, NlriTemplate> templates)
    {
        for (int i = 0; i < Remote.Count; i++)
        {
            if (Remote[i].Ip == ip && templates[Remote[i].Path.Template].Prefix == prefix)
            {
                return i;
            }
        }
        return -1;
    }

    public bool HasIp(IpAddressValue ip)
    {
        foreach (var route in Remote)
        {
            if (route.Ip == ip)
            {
                return true;
            }
        }
        return false;
    }
}
