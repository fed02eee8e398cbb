namespace Evpnd.Evpn;

/// <summary>
/// The 3-octet label fields of EVPN NLRI and the PMSI attribute, kept as the raw 24 bits. With the
/// VXLAN encapsulation community the whole field is the VNI (RFC 8365 s5.1.3); with MPLS the label
/// is the high-order 20 bits (RFC 7432 s7).
/// </summary>
public static class EvpnLabel
{
    public const int Length = 3;

    public static uint Read(ReadOnlySpan<byte> source) => ((uint)source[0] << 16) | ((uint)source[1] << 8) | source[2];

    public static void Write(Span<byte> destination, uint value)
    {
        if (value > 0xFF_FFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "An EVPN label field has 24 bits.");
        }
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }

    /// <summary>The MPLS label in the high-order 20 bits of a 24-bit field (RFC 3032 layout).</summary>
    public static uint ToMplsLabel(uint raw) => raw >> 4;
}
