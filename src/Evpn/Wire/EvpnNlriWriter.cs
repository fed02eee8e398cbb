namespace Evpnd.Evpn.Wire;

/// <summary>Writes EVPN NLRI back to back into a span (the NLRI field of MP_REACH/MP_UNREACH).</summary>
public ref struct EvpnNlriWriter
{
    private readonly Span<byte> _destination;

    public EvpnNlriWriter(Span<byte> destination)
    {
        _destination = destination;
    }

    public int BytesWritten { get; private set; }

    public readonly int Remaining => _destination.Length - BytesWritten;

    /// <summary>False (nothing written) when the route does not fit, so callers can start a new UPDATE.</summary>
    public bool TryWrite(EvpnRoute route)
    {
        if (route.EncodedLength > Remaining)
        {
            return false;
        }
        BytesWritten += route.WriteTo(_destination[BytesWritten..]);
        return true;
    }

    public void Write(EvpnRoute route)
    {
        if (!TryWrite(route))
        {
            throw new ArgumentException($"No room for a {route.EncodedLength}-octet route ({Remaining} left).", nameof(route));
        }
    }
}
