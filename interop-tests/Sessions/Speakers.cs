using System.Globalization;

namespace Evpnd.Interop.Tests.Sessions;

/// <summary>The AS numbers and router ids the session tests give each speaker.</summary>
internal static class Speakers
{
    public const uint FrrAs = 65001;
    public const uint EvpndAs = 65002;
    public const uint GobgpAs = 65003;

    /// <summary>An AS nobody in the lab has, for the Bad Peer AS tests.</summary>
    public const uint WrongAs = 65099;

    public const string FrrRouterId = "10.255.0.1";
    public const string EvpndRouterId = "10.255.0.2";
    public const string GobgpRouterId = "10.255.0.3";

    public const string EvpnFamily = "l2vpn-evpn";

    /// <summary>An AS number as the `remote-as` text of FRR and evpnd configurations.</summary>
    public static string AsText(uint asn) => asn.ToString(CultureInfo.InvariantCulture);
}
