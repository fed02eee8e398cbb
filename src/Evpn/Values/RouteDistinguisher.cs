using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Evpnd.Evpn;

/// <summary>
/// An 8-octet route distinguisher (RFC 4364 s4.2): Type(2) then Administrator and Assigned Number.
/// Type 0: 2-octet AS + 4-octet number; type 1: IPv4 + 2-octet number (FRR's auto RD,
/// router-id:index); type 2: 4-octet AS + 2-octet number.
/// </summary>
public readonly record struct RouteDistinguisher(ulong Value)
{
    public const int Length = 8;

    public ushort Type => (ushort)(Value >> 48);

    /// <summary>The AS number or the IPv4 address (as a big-endian integer).</summary>
    public uint Administrator => Type switch
    {
        0 => (ushort)(Value >> 32),
        _ => (uint)(Value >> 16),
    };

    public uint AssignedNumber => Type switch
    {
        0 => (uint)Value,
        _ => (ushort)Value,
    };

    public static RouteDistinguisher FromTwoOctetAs(ushort asn, uint assigned) =>
        new(((ulong)asn << 32) | assigned);

    public static RouteDistinguisher FromIpv4(IPAddress address, ushort assigned)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || !address.TryWriteBytes(bytes, out _))
        {
            throw new ArgumentException("A type 1 RD needs an IPv4 address.", nameof(address));
        }
        return new((1UL << 48) | ((ulong)BinaryPrimitives.ReadUInt32BigEndian(bytes) << 16) | assigned);
    }

    public static RouteDistinguisher FromFourOctetAs(uint asn, ushort assigned) =>
        new((2UL << 48) | ((ulong)asn << 16) | assigned);

    public static RouteDistinguisher Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt64BigEndian(source));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    /// <summary>Parses FRR's forms: <c>65002:100</c>, <c>10.255.0.2:3</c>, <c>4200000000:5</c>.</summary>
    public static RouteDistinguisher Parse(string text) =>
        TryParse(text, out var rd) ? rd : throw new FormatException($"'{text}' is not a route distinguisher (ASN:NN or A.B.C.D:NN).");

    public static bool TryParse([NotNullWhen(true)] string? text, out RouteDistinguisher rd)
    {
        rd = default;
        if (!AdministratorSyntax.TryParse(text, out var form, out uint admin, out uint assigned))
        {
            return false;
        }
        rd = form switch
        {
            AdministratorSyntax.Form.TwoOctetAs => FromTwoOctetAs((ushort)admin, assigned),
            AdministratorSyntax.Form.Ipv4Address => new((1UL << 48) | ((ulong)admin << 16) | assigned),
            _ => FromFourOctetAs(admin, (ushort)assigned),
        };
        return true;
    }

    public override string ToString() => Type switch
    {
        0 => AdministratorSyntax.Format(AdministratorSyntax.Form.TwoOctetAs, Administrator, AssignedNumber),
        1 => AdministratorSyntax.Format(AdministratorSyntax.Form.Ipv4Address, Administrator, AssignedNumber),
        2 => AdministratorSyntax.Format(AdministratorSyntax.Form.FourOctetAs, Administrator, AssignedNumber),
        _ => $"rd-type-{Type}:0x{Value & 0xFFFF_FFFF_FFFFUL:x12}",
    };
}
