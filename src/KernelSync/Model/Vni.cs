namespace Evpnd.KernelSync;

/// <summary>
/// A 24-bit VXLAN Network Identifier (RFC 7348 s5): the key of a layer-2 segment for KernelSync
/// (which VXLAN device carries it) and for EVPN (the instance, the label of its routes).
/// </summary>
public readonly record struct Vni
{
    public const uint MaxValue = 0xFF_FFFF;

    public Vni(uint value)
    {
        if (value > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A VNI has 24 bits (0..16777215).");
        }
        Value = value;
    }

    public uint Value { get; }

    /// <summary>
    /// Reads 3 octets as a VNI, as the VXLAN header carries it (RFC 7348 s5) and as an EVPN label
    /// field does with the VXLAN encapsulation (RFC 8365 s5.1.3: all 24 bits are the VNI).
    /// </summary>
    public static Vni Read(ReadOnlySpan<byte> source) => new(((uint)source[0] << 16) | ((uint)source[1] << 8) | source[2]);

    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)(Value >> 16);
        destination[1] = (byte)(Value >> 8);
        destination[2] = (byte)Value;
    }

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
