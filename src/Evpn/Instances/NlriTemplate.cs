using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>An interned <see cref="NlriTemplateKey"/> and the key prefix (RD, Ethernet Tag) it belongs to.</summary>
internal sealed class NlriTemplate
{
    public NlriTemplate(NlriTemplateKey key, RouteKeyPrefix prefix)
    {
        Key = key;
        Prefix = prefix;
    }

    public NlriTemplateKey Key { get; }

    public RouteKeyPrefix Prefix { get; }

    /// <summary>The route this template makes with a MAC and an IP (for show: the route is not kept as an object).</summary>
    public MacIpAdvertisementRoute ToRoute(MacAddress mac, IpAddressValue ip) =>
        new(Key.Rd, Key.Esi, Key.EthernetTag, mac, ip, Key.Label1, Key.Label2);
}
