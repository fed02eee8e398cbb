using System.Collections.Immutable;
using Evpnd.Bgp.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// The PMSI Tunnel attribute (type 22, optional transitive; RFC 6514 s5) as EVPN uses it on type-3
/// routes (RFC 7432 s11.2, RFC 8365 s5.1.3): tunnel type 6 ingress replication, the label field is
/// the VNI (raw 24 bits), the tunnel identifier is the VTEP's IPv4 or IPv6 address. For other tunnel
/// types the identifier is kept as octets in <see cref="OtherTunnelIdentifier"/>.
/// </summary>
public sealed record PmsiTunnel(byte Flags, PmsiTunnelType TunnelType, uint Label, IpAddressValue TunnelEndpoint)
{
    public const byte TypeCode = 22;
    private const int HeaderLength = 5;
    private const byte LeafInformationRequiredFlag = 0x01;

    public ImmutableArray<byte> OtherTunnelIdentifier { get; init; } = [];

    /// <summary>RFC 6514 s5: the L flag, "Leaf Information Required".</summary>
    public bool LeafInformationRequired => (Flags & LeafInformationRequiredFlag) != 0;

    /// <summary>The label field read as a VNI (RFC 8365 s5.1.3).</summary>
    public Vni Vni => new(Label);

    public int EncodedLength => HeaderLength + (TunnelType == PmsiTunnelType.IngressReplication ? TunnelEndpoint.ByteLength : OtherTunnelIdentifier.Length);

    /// <summary>Ingress replication to <paramref name="vtep"/> for <paramref name="vni"/>, as FRR and GoBGP send it.</summary>
    public static PmsiTunnel IngressReplication(Vni vni, IpAddressValue vtep) =>
        new(0, PmsiTunnelType.IngressReplication, vni.Value, vtep);

    /// <summary>
    /// A PIM-SM tree for <paramref name="vni"/> (RFC 7432 s11.2): RFC 6514 s5 makes the identifier
    /// &lt;Sender Address, P-Multicast Group&gt;; a VTEP on a multicast underlay is the sender and
    /// its VXLAN device's group the group. Both have the VTEP's family (VXLAN requires it).
    /// </summary>
    public static PmsiTunnel PimSmTree(Vni vni, IpAddressValue sender, IpAddressValue group)
    {
        Span<byte> identifier = stackalloc byte[32];
        sender.Write(identifier);
        group.Write(identifier[sender.ByteLength..]);
        return new(0, PmsiTunnelType.PimSm, vni.Value, IpAddressValue.None)
        {
            OtherTunnelIdentifier = ImmutableArray.Create<byte>(identifier[..(sender.ByteLength + group.ByteLength)]),
        };
    }

    /// <summary>The sender (or root) and group of a PIM-SM or PIM-SSM tree (RFC 6514 s5), when the identifier is two addresses of one family.</summary>
    public bool TryGetSenderAndGroup(out IpAddressValue sender, out IpAddressValue group)
    {
        sender = group = IpAddressValue.None;
        var identifier = OtherTunnelIdentifier.AsSpan();
        if (TunnelType is not (PmsiTunnelType.PimSm or PmsiTunnelType.PimSsm) || identifier.Length is not (8 or 32))
        {
            return false;
        }
        int half = identifier.Length / 2;
        sender = IpAddressValue.Read(identifier[..half]);
        group = IpAddressValue.Read(identifier[half..]);
        return true;
    }

    /// <summary>
    /// Decodes the attribute value. A value shorter than the 5 fixed octets, or an ingress
    /// replication tunnel whose identifier is not a 4- or 16-octet address, is malformed. RFC 6514
    /// predates RFC 7606 and names no treatment, so RFC 7606 s2 applies: "attribute discard" only
    /// for attributes that cannot affect route selection or installation, and the PMSI tunnel
    /// decides whether and where a VTEP joins the flood list, so the route is treated as withdrawn.
    /// (FRR 8.4 resets the session instead, even for a valid IPv6 endpoint: see tests/Vectors.)
    /// </summary>
    /// <remarks>
    /// RFC 6514 s5:
    /// +---------------------------------+
    /// |  Flags (1 octet)                |
    /// +---------------------------------+
    /// |  Tunnel Type (1 octets)         |
    /// +---------------------------------+
    /// |  MPLS Label (3 octets)          |
    /// +---------------------------------+
    /// |  Tunnel Identifier (variable)   |
    /// +---------------------------------+
    /// </remarks>
    public static UpdateErrorAction TryDecode(ReadOnlySpan<byte> value, out PmsiTunnel? tunnel)
    {
        tunnel = null;
        if (value.Length < HeaderLength)
        {
            return UpdateErrorAction.TreatAsWithdraw;
        }
        var type = (PmsiTunnelType)value[1];
        uint label = EvpnLabel.Read(value[2..]);
        var identifier = value[HeaderLength..];
        if (type == PmsiTunnelType.IngressReplication)
        {
            if (identifier.Length is not (4 or 16))
            {
                return UpdateErrorAction.TreatAsWithdraw;
            }
            tunnel = new PmsiTunnel(value[0], type, label, IpAddressValue.Read(identifier));
            return UpdateErrorAction.None;
        }
        tunnel = new PmsiTunnel(value[0], type, label, IpAddressValue.None) { OtherTunnelIdentifier = [.. identifier] };
        return UpdateErrorAction.None;
    }

    /// <summary>Decodes the BGP codec's opaque attribute (see <see cref="TryDecode(ReadOnlySpan{byte}, out PmsiTunnel?)"/>).</summary>
    public static UpdateErrorAction TryDecode(PmsiTunnelAttribute attribute, out PmsiTunnel? tunnel) =>
        TryDecode(attribute.Value.AsSpan(), out tunnel);

    /// <summary>The attribute for the BGP codec's UPDATE writer.</summary>
    public PmsiTunnelAttribute ToAttribute() => new([.. EncodeValue()]);

    /// <summary>Writes the attribute value (no attribute header); returns the octets written.</summary>
    public int WriteValue(Span<byte> destination)
    {
        destination[0] = Flags;
        destination[1] = (byte)TunnelType;
        EvpnLabel.Write(destination[2..], Label);
        if (TunnelType == PmsiTunnelType.IngressReplication)
        {
            TunnelEndpoint.Write(destination[HeaderLength..]);
        }
        else
        {
            OtherTunnelIdentifier.AsSpan().CopyTo(destination[HeaderLength..]);
        }
        return EncodedLength;
    }

    public byte[] EncodeValue()
    {
        var bytes = new byte[EncodedLength];
        WriteValue(bytes);
        return bytes;
    }
}
