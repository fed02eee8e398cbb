namespace Evpnd.Bgp.Wire;

/// <summary>
/// The outcome of checking an UPDATE against RFC 7606: the strongest action any error calls for,
/// the NOTIFICATION to send when that is <see cref="UpdateErrorAction.SessionReset"/>, a one-line
/// reason for the log, and the attribute types to drop (attribute discard, RFC 7606 s2).
/// </summary>
public readonly record struct UpdateValidation(
    UpdateErrorAction Action,
    NotificationMessage? Notification,
    string? Reason,
    AttributeTypeSet Discarded)
{
    public bool IsValid => Action == UpdateErrorAction.None;
}
