using System.Diagnostics.CodeAnalysis;
using Evpnd.Bgp.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn;

/// <summary>
/// A route target extended community (RFC 4360 s4, RFC 5668 s2), held as the whole 8-octet value:
/// 0x00/0x02 2-octet AS + 4-octet number, 0x01/0x02 IPv4 + 2-octet number, 0x02/0x02 4-octet AS +
/// 2-octet number.
/// </summary>
public readonly record struct RouteTarget
{
    private const byte RouteTargetSubType = 0x02;

    private RouteTarget(ulong value) => Value = value;

    public ulong Value { get; }

    /// <summary>0x00, 0x01 or 0x02 (the extended community type).</summary>
    public byte Type => (byte)(Value >> 56);

    public uint Administrator => Type switch
    {
        0x00 => (ushort)(Value >> 32),
        _ => (uint)(Value >> 16),
    };

    public uint LocalAdministrator => Type switch
    {
        0x00 => (uint)Value,
        _ => (ushort)Value,
    };

    public static RouteTarget FromTwoOctetAs(ushort asn, uint local) =>
        new(((ulong)RouteTargetSubType << 48) | ((ulong)asn << 32) | local);

    public static RouteTarget FromIpv4(uint address, ushort local) =>
        new((0x01UL << 56) | ((ulong)RouteTargetSubType << 48) | ((ulong)address << 16) | local);

    public static RouteTarget FromFourOctetAs(uint asn, ushort local) =>
        new((0x02UL << 56) | ((ulong)RouteTargetSubType << 48) | ((ulong)asn << 16) | local);

    /// <summary>
    /// The auto-derived RT for a VNI. FRR's form is <c>(AS &amp; 0xFFFF):VNI</c>; the RFC 8365 s5.1.2.1
    /// form puts A=0 (auto), Type=1 (VXLAN), D-ID=0 and the VNI in the 4-octet local administrator.
    /// </summary>
    public static RouteTarget AutoDerived(uint asn, Vni vni, bool rfc8365Form = false) =>
        FromTwoOctetAs((ushort)asn, rfc8365Form ? 0x1000_0000u | vni.Value : vni.Value);

    /// <summary>
    /// The VNI this RT carries when it has an auto-derived shape (2-octet AS form; either the plain
    /// VNI or the RFC 8365 VXLAN form), for import by VNI alone (FRR's <c>*:VNI</c> on eBGP).
    /// </summary>
    public bool TryGetAutoDerivedVni(out Vni vni)
    {
        vni = default;
        if (Type != 0x00)
        {
            return false;
        }
        uint local = LocalAdministrator;
        if (local <= Vni.MaxValue)
        {
            vni = new Vni(local);
            return true;
        }
        if ((local & 0xFF00_0000) == 0x1000_0000)
        {
            vni = new Vni(local & Vni.MaxValue);
            return true;
        }
        return false;
    }

    public static bool TryFrom(ExtendedCommunity community, out RouteTarget routeTarget)
    {
        routeTarget = default;
        if (community.SubType != RouteTargetSubType || community.Type > 0x02)
        {
            return false;
        }
        routeTarget = new RouteTarget(community.Value);
        return true;
    }

    public ExtendedCommunity ToExtendedCommunity() => new(Value);

    public static RouteTarget Parse(string text) =>
        TryParse(text, out var rt) ? rt : throw new FormatException($"'{text}' is not a route target (ASN:NN or A.B.C.D:NN).");

    public static bool TryParse([NotNullWhen(true)] string? text, out RouteTarget routeTarget)
    {
        routeTarget = default;
        if (!AdministratorSyntax.TryParse(text, out var form, out uint admin, out uint local))
        {
            return false;
        }
        routeTarget = form switch
        {
            AdministratorSyntax.Form.TwoOctetAs => FromTwoOctetAs((ushort)admin, local),
            AdministratorSyntax.Form.Ipv4Address => FromIpv4(admin, (ushort)local),
            _ => FromFourOctetAs(admin, (ushort)local),
        };
        return true;
    }

    public override string ToString() =>
        AdministratorSyntax.Format((AdministratorSyntax.Form)Type, Administrator, LocalAdministrator);
}
