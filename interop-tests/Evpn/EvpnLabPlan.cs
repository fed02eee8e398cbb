namespace Evpnd.Interop.Tests.Evpn;

/// <summary>
/// The numbers every EVPN and KernelSync interop lab uses: AS numbers, VTEP addresses (on each
/// VTEP's loopback, reached through the underlay link), the VNI and its devices, host MACs and
/// addresses. Fixed values so that a failure message can be read against the lab drawing.
/// </summary>
internal static class EvpnLabPlan
{
    public const uint FrrAs = 65001;
    public const uint EvpndAs = 65002;
    public const uint GobgpAs = 65003;

    /// <summary>The one AS of the route-reflector lab (iBGP everywhere).</summary>
    public const uint FabricAs = 65000;

    public const string FrrVtep = "10.255.0.1";
    public const string EvpndVtep = "10.255.0.2";
    public const string GobgpVtep = "10.255.0.3";
    public const string RrRouterId = "10.255.0.254";

    /// <summary>IPv6 VTEP addresses (the IPv6-underlay labs) and their range.</summary>
    public const string EvpndVtep6 = "fd00:255::2";
    public const string GobgpVtep6 = "fd00:255::3";
    public const string Vtep6Range = "fd00:255::/64";

    /// <summary>The VTEP of the operator's hand-made entries in the KernelSync tests; nobody runs it.</summary>
    public const string ForeignVtep = "10.255.0.99";

    public const int Vni = 100;
    public const string Bridge = "br100";
    public const string Vxlan = "vxlan100";

    public const string FloodMac = "00:00:00:00:00:00";

    /// <summary>The host behind FRR's bridge.</summary>
    public const string FrrHostMac = "02:00:00:00:01:01";

    /// <summary>The host behind evpnd's bridge.</summary>
    public const string EvpndHostMac = "02:00:00:00:02:02";

    /// <summary>The static MAC from evpnd's `evpn.vnis[].macs`.</summary>
    public const string StaticMac = "02:00:00:00:02:99";

    public const string FrrHostIPv4 = "192.168.100.1";
    public const string EvpndHostIPv4 = "192.168.100.2";
    public const string FrrHostIPv6 = "fd00:100::1";
    public const string EvpndHostIPv6 = "fd00:100::2";

    /// <summary>An address in the hosts' subnet nobody has: pinging it makes a host send ARP broadcasts.</summary>
    public const string UnusedHostIPv4 = "192.168.100.254";

    /// <summary>A route target as evpnd prints it, "AS:VNI" (the FRR auto form).</summary>
    public static string AutoRouteTarget(uint asn) => $"{asn}:{Vni}";
}
