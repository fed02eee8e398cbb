namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>One path of an EVPN RIB with the key GoBGP files it under, e.g. "[type:macadv][rd:10.255.0.3:1][etag:0][mac:...][ip:&lt;nil&gt;]".</summary>
public sealed record GobgpEvpnRoute(string Key, GobgpEvpnPath Path)
{
    public int RouteType => Path.Nlri.Type;

    public override string ToString() =>
        $"{Key} nh={Path.Nexthop} best={Path.Best} ec=[{string.Join(' ', Path.ExtendedCommunities)}]";
}
