namespace Evpnd.Evpn.Wire;

/// <summary>Checks that a route type specific body has a length and shape this type allows.</summary>
internal delegate bool EvpnBodyValidator(ReadOnlySpan<byte> body);

/// <summary>Decodes a body that its validator accepted.</summary>
internal delegate EvpnRoute EvpnBodyDecoder(ReadOnlySpan<byte> body);

/// <summary>One row of <see cref="EvpnRouteRegistry"/>: how to check and decode one route type.</summary>
internal sealed record EvpnRouteCodec(EvpnRouteType Type, EvpnBodyValidator IsValidBody, EvpnBodyDecoder Decode);
