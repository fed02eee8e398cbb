namespace Evpnd.Evpn;

/// <summary>A 24-bit VXLAN Network Identifier (RFC 7348 s5).</summary>
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

    /// <summary>Reads a 3-octet label field as a VNI: for VXLAN all 24 bits are the VNI (RFC 8365 s5.1.3).</summary>
    public static Vni Read(ReadOnlySpan<byte> source) => new(EvpnLabel.Read(source));

    public void Write(Span<byte> destination) => EvpnLabel.Write(destination, Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
