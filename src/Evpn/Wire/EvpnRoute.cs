namespace Evpnd.Evpn.Wire;

/// <summary>
/// One decoded EVPN NLRI (RFC 7432 s7): Route Type(1) Length(1) Route Type specific(Length). Every
/// route type starts with a Route Distinguisher.
/// </summary>
public abstract record EvpnRoute(RouteDistinguisher Rd)
{
    public abstract EvpnRouteType RouteType { get; }

    /// <summary>Octets of the route type specific part (the NLRI's Length field).</summary>
    public abstract int BodyLength { get; }

    /// <summary>Octets of the whole NLRI: type, length and body.</summary>
    public int EncodedLength => 2 + BodyLength;

    /// <summary>Writes type, length and body; returns the octets written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        int length = BodyLength;
        if (destination.Length < 2 + length)
        {
            throw new ArgumentException($"Need {2 + length} octets for this {RouteType} route.", nameof(destination));
        }
        destination[0] = (byte)RouteType;
        destination[1] = (byte)length;
        WriteBody(destination.Slice(2, length));
        return 2 + length;
    }

    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        WriteTo(bytes);
        return bytes;
    }

    protected abstract void WriteBody(Span<byte> destination);
}
