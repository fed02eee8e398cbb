namespace Evpnd.Bgp.Wire;

/// <summary>Human-readable names of NOTIFICATION codes, as an operator expects them in logs and CLI.</summary>
public static class NotificationText
{
    public static string Describe(NotificationCode code, byte subcode) => (code, subcode) switch
    {
        (NotificationCode.MessageHeaderError, MessageHeaderErrorSubcode.ConnectionNotSynchronized) => "Message Header Error/Connection Not Synchronized",
        (NotificationCode.MessageHeaderError, MessageHeaderErrorSubcode.BadMessageLength) => "Message Header Error/Bad Message Length",
        (NotificationCode.MessageHeaderError, MessageHeaderErrorSubcode.BadMessageType) => "Message Header Error/Bad Message Type",
        (NotificationCode.MessageHeaderError, _) => "Message Header Error",
        (NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnsupportedVersionNumber) => "OPEN Message Error/Unsupported Version Number",
        (NotificationCode.OpenMessageError, OpenMessageErrorSubcode.BadPeerAs) => "OPEN Message Error/Bad Peer AS",
        (NotificationCode.OpenMessageError, OpenMessageErrorSubcode.BadBgpIdentifier) => "OPEN Message Error/Bad BGP Identifier",
        (NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnsupportedOptionalParameter) => "OPEN Message Error/Unsupported Optional Parameter",
        (NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnacceptableHoldTime) => "OPEN Message Error/Unacceptable Hold Time",
        (NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnsupportedCapability) => "OPEN Message Error/Unsupported Capability",
        (NotificationCode.OpenMessageError, _) => "OPEN Message Error",
        (NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.MalformedAttributeList) => "UPDATE Message Error/Malformed Attribute List",
        (NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.UnrecognizedWellKnownAttribute) => "UPDATE Message Error/Unrecognized Well-known Attribute",
        (NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.MissingWellKnownAttribute) => "UPDATE Message Error/Missing Well-known Attribute",
        (NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.AttributeFlagsError) => "UPDATE Message Error/Attribute Flags Error",
        (NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.AttributeLengthError) => "UPDATE Message Error/Attribute Length Error",
        (NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.InvalidOriginAttribute) => "UPDATE Message Error/Invalid ORIGIN Attribute",
        (NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.InvalidNextHopAttribute) => "UPDATE Message Error/Invalid NEXT_HOP Attribute",
        (NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.OptionalAttributeError) => "UPDATE Message Error/Optional Attribute Error",
        (NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.InvalidNetworkField) => "UPDATE Message Error/Invalid Network Field",
        (NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.MalformedAsPath) => "UPDATE Message Error/Malformed AS_PATH",
        (NotificationCode.UpdateMessageError, _) => "UPDATE Message Error",
        (NotificationCode.HoldTimerExpired, _) => "Hold Timer Expired",
        (NotificationCode.FiniteStateMachineError, FsmErrorSubcode.UnexpectedMessageInOpenSent) => "FSM Error/Unexpected Message in OpenSent",
        (NotificationCode.FiniteStateMachineError, FsmErrorSubcode.UnexpectedMessageInOpenConfirm) => "FSM Error/Unexpected Message in OpenConfirm",
        (NotificationCode.FiniteStateMachineError, FsmErrorSubcode.UnexpectedMessageInEstablished) => "FSM Error/Unexpected Message in Established",
        (NotificationCode.FiniteStateMachineError, _) => "FSM Error",
        (NotificationCode.Cease, CeaseSubcode.MaximumPrefixesReached) => "Cease/Maximum Number of Prefixes Reached",
        (NotificationCode.Cease, CeaseSubcode.AdministrativeShutdown) => "Cease/Administrative Shutdown",
        (NotificationCode.Cease, CeaseSubcode.PeerDeconfigured) => "Cease/Peer De-configured",
        (NotificationCode.Cease, CeaseSubcode.AdministrativeReset) => "Cease/Administrative Reset",
        (NotificationCode.Cease, CeaseSubcode.ConnectionRejected) => "Cease/Connection Rejected",
        (NotificationCode.Cease, CeaseSubcode.OtherConfigurationChange) => "Cease/Other Configuration Change",
        (NotificationCode.Cease, CeaseSubcode.ConnectionCollisionResolution) => "Cease/Connection Collision Resolution",
        (NotificationCode.Cease, CeaseSubcode.OutOfResources) => "Cease/Out of Resources",
        (NotificationCode.Cease, CeaseSubcode.HardReset) => "Cease/Hard Reset",
        (NotificationCode.Cease, _) => "Cease",
        (NotificationCode.RouteRefreshMessageError, _) => "ROUTE-REFRESH Message Error",
        _ => "Unknown error code",
    };
}
