namespace Evpnd.Evpn.Wire;

/// <summary>
/// Walks the NLRI field of an EVPN MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 7432 s7) without
/// allocating. Unknown route types are stepped over by their Length (RFC 7606 s5.4). On a
/// truncated field or a length its type does not allow, <see cref="TryRead"/> returns false and
/// <see cref="Validation"/> says what RFC 7606 calls for; since that makes the whole field
/// unusable, check with <see cref="EvpnNlri.Validate"/> before acting on any route.
/// </summary>
/// <remarks>
/// RFC 7432 s7:
/// +-----------------------------------+
/// |    Route Type (1 octet)           |
/// +-----------------------------------+
/// |     Length (1 octet)              |
/// +-----------------------------------+
/// | Route Type specific (variable)    |
/// +-----------------------------------+
/// </remarks>
public ref struct EvpnNlriReader
{
    private readonly ReadOnlySpan<byte> _field;
    private int _offset;
    private int _skipped;
    private EvpnNlriError _error;
    private byte _errorType;

    public EvpnNlriReader(ReadOnlySpan<byte> nlriField)
    {
        _field = nlriField;
    }

    /// <summary>The outcome so far; final once <see cref="TryRead"/> has returned false.</summary>
    public readonly EvpnNlriValidation Validation => new(
        _error == EvpnNlriError.None ? Bgp.Wire.UpdateErrorAction.None : Bgp.Wire.UpdateErrorAction.SessionReset,
        _error,
        _errorType,
        _offset,
        _skipped);

    public bool TryRead(out EvpnNlriView route)
    {
        route = default;
        while (_error == EvpnNlriError.None && _offset < _field.Length)
        {
            var rest = _field[_offset..];
            if (rest.Length < 2 || rest.Length < 2 + rest[1])
            {
                _error = EvpnNlriError.Truncated;
                _errorType = rest[0];
                return false;
            }
            int length = rest[1];
            var codec = EvpnRouteRegistry.Find(rest[0]);
            if (codec is null)
            {
                // RFC 7606 s5.4: a route type we do not implement is discarded, not an error.
                _skipped++;
                _offset += 2 + length;
                continue;
            }
            var body = rest.Slice(2, length);
            if (!codec.IsValidBody(body))
            {
                _error = EvpnNlriError.BadRouteLength;
                _errorType = rest[0];
                return false;
            }
            route = new EvpnNlriView(codec.Type, body, rest[..(2 + length)]);
            _offset += 2 + length;
            return true;
        }
        return false;
    }
}
