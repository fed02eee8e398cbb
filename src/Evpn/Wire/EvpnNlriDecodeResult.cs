using System.Collections.Immutable;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// The routes of one EVPN NLRI field and the RFC 7606 outcome. When the field is invalid,
/// <see cref="Routes"/> is empty: no route of an unparseable field may be acted on.
/// </summary>
public sealed record EvpnNlriDecodeResult(ImmutableArray<EvpnRoute> Routes, EvpnNlriValidation Validation);
