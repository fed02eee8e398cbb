namespace Evpnd.Evpn.Wire;

/// <summary>Why an EVPN NLRI field could not be parsed.</summary>
public enum EvpnNlriError : byte
{
    None = 0,

    /// <summary>The field ends inside a route's type/length header or inside its body.</summary>
    Truncated = 1,

    /// <summary>A known route type whose Length (or an inner length) is not one its RFC allows.</summary>
    BadRouteLength = 2,
}
