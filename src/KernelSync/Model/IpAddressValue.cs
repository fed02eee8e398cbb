using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Evpnd.KernelSync;

/// <summary>
/// An optional IPv4 or IPv6 address as a value (no heap object), for route keys and the
/// non-allocating NLRI walker. <see cref="ByteLength"/> is 0 (absent), 4 or 16; the address sits in
/// the low bits of <see cref="Bits"/>.
/// </summary>
/// <remarks>
/// Held as two 64-bit halves, not a <see cref="UInt128"/>: that type is 16-byte aligned, which made
/// this value 32 bytes and every route, intent and removal holding one 16-byte aligned; as halves
/// it is 24 bytes and 8-byte aligned.
/// </remarks>
public readonly record struct IpAddressValue
{
    public static readonly IpAddressValue None = default;

    private readonly ulong _upper;
    private readonly ulong _lower;

    private IpAddressValue(UInt128 bits, byte byteLength)
    {
        _upper = (ulong)(bits >> 64);
        _lower = (ulong)bits;
        ByteLength = byteLength;
    }

    public UInt128 Bits => new(_upper, _lower);

    public byte ByteLength { get; }

    public bool IsNone => ByteLength == 0;

    public bool IsIPv4 => ByteLength == 4;

    public bool IsIPv6 => ByteLength == 16;

    /// <summary>The length in bits as EVPN length fields carry it: 0, 32 or 128.</summary>
    public int BitLength => ByteLength * 8;

    /// <summary>Reads 0, 4 or 16 octets (the whole span).</summary>
    public static IpAddressValue Read(ReadOnlySpan<byte> source) => source.Length switch
    {
        0 => None,
        4 => new IpAddressValue(BinaryPrimitives.ReadUInt32BigEndian(source), 4),
        16 => new IpAddressValue(BinaryPrimitives.ReadUInt128BigEndian(source), 16),
        _ => throw new ArgumentException("An IP address has 0, 4 or 16 octets.", nameof(source)),
    };

    public void Write(Span<byte> destination)
    {
        if (ByteLength == 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Bits);
        }
        else if (ByteLength == 16)
        {
            BinaryPrimitives.WriteUInt128BigEndian(destination, Bits);
        }
    }

    public static IpAddressValue From(IPAddress? address)
    {
        if (address is null)
        {
            return None;
        }
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written) ||
            address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"'{address}' is neither IPv4 nor IPv6.", nameof(address));
        }
        return Read(bytes[..written]);
    }

    public static IpAddressValue Parse(string text) => From(IPAddress.Parse(text));

    public IPAddress? ToIPAddress()
    {
        if (IsNone)
        {
            return null;
        }
        Span<byte> bytes = stackalloc byte[16];
        Write(bytes);
        return new IPAddress(bytes[..ByteLength]);
    }

    public override string ToString() => ToIPAddress()?.ToString() ?? "";
}
