namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>One path of `show bgp l2vpn evpn route json`, with the RD and prefix it is filed under.</summary>
/// <param name="Rd">Route distinguisher as FRR prints it, e.g. "10.255.0.2:2".</param>
/// <param name="Prefix">E.g. "[2]:[0]:[48]:[02:00:00:00:00:02]" or "[3]:[0]:[32]:[10.0.1.2]".</param>
public sealed record FrrEvpnRoute(string Rd, string Prefix, FrrEvpnPath Path)
{
    public string? Nexthop => Path.Nexthops.FirstOrDefault()?.Ip;

    public override string ToString() =>
        $"{Rd} {Prefix} nh={Nexthop} valid={Path.Valid} best={Path.Bestpath} from={Path.PeerId} ec='{Path.ExtendedCommunity?.Text}'";
}
