using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// The RFC 7606 outcome of checking the NLRI field of an EVPN MP_REACH_NLRI or MP_UNREACH_NLRI.
/// A truncated field or a route whose length does not fit its type makes the whole field
/// unparseable: the NLRI after it cannot be located, and the routes in it cannot be identified
/// to be withdrawn, so treat-as-withdraw is impossible. RFC 7606 s5.3 then calls for "session
/// reset" or "AFI/SAFI disable", and s7.11 (MP_REACH_NLRI) and s7.12 (MP_UNREACH_NLRI) say the
/// same when the NLRI cannot be reliably located. This speaker resets the session (it has no
/// AFI/SAFI disable); RFC 4760 s7 gives the NOTIFICATION: UPDATE Message Error / Optional Attribute
/// Error (3/9), which is also what FRR 8.4 sends (tests/Vectors).
/// </summary>
public readonly record struct EvpnNlriValidation(
    UpdateErrorAction Action,
    EvpnNlriError Error,
    byte RouteType,
    int Offset,
    int SkippedUnknownRoutes)
{
    public bool IsValid => Action == UpdateErrorAction.None;

    /// <summary>The NOTIFICATION for a session reset (RFC 4760 s7); null when the field is valid.</summary>
    public NotificationMessage? Notification => Action == UpdateErrorAction.SessionReset
        ? new NotificationMessage(NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.OptionalAttributeError)
        : null;

    public string? Reason => Error switch
    {
        EvpnNlriError.Truncated => $"EVPN NLRI truncated at offset {Offset}",
        EvpnNlriError.BadRouteLength => $"EVPN route type {RouteType} with an invalid length at offset {Offset}",
        _ => null,
    };
}
