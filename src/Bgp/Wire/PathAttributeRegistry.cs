using static Evpnd.Bgp.Wire.UpdateErrorAction;

namespace Evpnd.Bgp.Wire;

/// <summary>Maps attribute type codes to their descriptors.</summary>
internal static class PathAttributeRegistry
{
    private const PathAttributeFlags WellKnown = PathAttributeFlags.Transitive;
    private const PathAttributeFlags OptionalTransitive = PathAttributeFlags.Optional | PathAttributeFlags.Transitive;
    private const PathAttributeFlags OptionalNonTransitive = PathAttributeFlags.Optional;

    private static readonly PathAttributeDescriptor?[] s_table = Build();

    public static PathAttributeDescriptor? Get(byte typeCode) => s_table[typeCode];

    private static PathAttributeDescriptor?[] Build()
    {
        var table = new PathAttributeDescriptor?[256];
        void Add(PathAttributeDescriptor d) => table[(byte)d.Type] = d;

        // Subcodes from RFC 4271 s6.3; actions from RFC 7606 s7 (section per attribute in each file).
        // A flags mismatch is treat-as-withdraw (RFC 7606 s3) unless the attribute says otherwise.
        Add(new(PathAttributeType.Origin, WellKnown, TreatAsWithdraw, UpdateMessageErrorSubcode.InvalidOriginAttribute, TreatAsWithdraw,
            OriginAttribute.IsWellFormed, OriginAttribute.Decode));
        Add(new(PathAttributeType.AsPath, WellKnown, TreatAsWithdraw, UpdateMessageErrorSubcode.MalformedAsPath, TreatAsWithdraw,
            AsPathAttribute.IsWellFormed, AsPathAttribute.Decode));
        Add(new(PathAttributeType.NextHop, WellKnown, TreatAsWithdraw, UpdateMessageErrorSubcode.InvalidNextHopAttribute, TreatAsWithdraw,
            NextHopAttribute.IsWellFormed, NextHopAttribute.Decode));
        Add(new(PathAttributeType.MultiExitDisc, OptionalNonTransitive, TreatAsWithdraw, UpdateMessageErrorSubcode.AttributeLengthError, TreatAsWithdraw,
            MultiExitDiscAttribute.IsWellFormed, MultiExitDiscAttribute.Decode));
        Add(new(PathAttributeType.LocalPref, WellKnown, TreatAsWithdraw, UpdateMessageErrorSubcode.AttributeLengthError, TreatAsWithdraw,
            LocalPrefAttribute.IsWellFormed, LocalPrefAttribute.Decode));
        Add(new(PathAttributeType.AtomicAggregate, WellKnown, AttributeDiscard, UpdateMessageErrorSubcode.AttributeLengthError, TreatAsWithdraw,
            AtomicAggregateAttribute.IsWellFormed, AtomicAggregateAttribute.Decode));
        Add(new(PathAttributeType.Aggregator, OptionalTransitive, AttributeDiscard, UpdateMessageErrorSubcode.AttributeLengthError, TreatAsWithdraw,
            AggregatorAttribute.IsWellFormed, AggregatorAttribute.Decode));
        Add(new(PathAttributeType.Communities, OptionalTransitive, TreatAsWithdraw, UpdateMessageErrorSubcode.AttributeLengthError, TreatAsWithdraw,
            CommunitiesAttribute.IsWellFormed, CommunitiesAttribute.Decode));
        Add(new(PathAttributeType.OriginatorId, OptionalNonTransitive, TreatAsWithdraw, UpdateMessageErrorSubcode.AttributeLengthError, TreatAsWithdraw,
            OriginatorIdAttribute.IsWellFormed, OriginatorIdAttribute.Decode));
        Add(new(PathAttributeType.ClusterList, OptionalNonTransitive, TreatAsWithdraw, UpdateMessageErrorSubcode.AttributeLengthError, TreatAsWithdraw,
            ClusterListAttribute.IsWellFormed, ClusterListAttribute.Decode));
        // RFC 7606 s7.11/s7.12 (and s5.3): without a parseable MP attribute the NLRI cannot be
        // located, so any error in it resets the session; RFC 4760 s7 gives the subcode.
        Add(new(PathAttributeType.MpReachNlri, OptionalNonTransitive, SessionReset, UpdateMessageErrorSubcode.OptionalAttributeError, SessionReset,
            MpReachNlriAttribute.IsWellFormed, MpReachNlriAttribute.Decode));
        Add(new(PathAttributeType.MpUnreachNlri, OptionalNonTransitive, SessionReset, UpdateMessageErrorSubcode.OptionalAttributeError, SessionReset,
            MpUnreachNlriAttribute.IsWellFormed, MpUnreachNlriAttribute.Decode));
        Add(new(PathAttributeType.ExtendedCommunities, OptionalTransitive, TreatAsWithdraw, UpdateMessageErrorSubcode.AttributeLengthError, TreatAsWithdraw,
            ExtendedCommunitiesAttribute.IsWellFormed, ExtendedCommunitiesAttribute.Decode));
        // RFC 6793 s6: a malformed AS4_PATH/AS4_AGGREGATOR is discarded.
        Add(new(PathAttributeType.As4Path, OptionalTransitive, AttributeDiscard, UpdateMessageErrorSubcode.OptionalAttributeError, AttributeDiscard,
            As4PathAttribute.IsWellFormed, As4PathAttribute.Decode));
        Add(new(PathAttributeType.As4Aggregator, OptionalTransitive, AttributeDiscard, UpdateMessageErrorSubcode.OptionalAttributeError, AttributeDiscard,
            As4AggregatorAttribute.IsWellFormed, As4AggregatorAttribute.Decode));
        Add(new(PathAttributeType.PmsiTunnel, OptionalTransitive, TreatAsWithdraw, UpdateMessageErrorSubcode.OptionalAttributeError, TreatAsWithdraw,
            PmsiTunnelAttribute.IsWellFormed, PmsiTunnelAttribute.Decode));
        return table;
    }
}
