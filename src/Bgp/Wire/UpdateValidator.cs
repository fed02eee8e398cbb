using System.Buffers.Binary;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// RFC 7606 checks of one UPDATE. Every error found raises the action to at least what the RFC
/// asks for; the strongest wins (s2). Nothing is allocated unless an error is found.
/// </summary>
internal static class UpdateValidator
{
    private ref struct Outcome
    {
        public UpdateErrorAction Action;
        public NotificationMessage? Notification;
        public string? Reason;
        public AttributeTypeSet Discarded;

        public void Raise(UpdateErrorAction action, byte subcode, string reason, ReadOnlySpan<byte> data = default)
        {
            if (action <= Action)
            {
                return;
            }
            Action = action;
            Reason = reason;
            if (action == UpdateErrorAction.SessionReset)
            {
                Notification = new NotificationMessage(NotificationCode.UpdateMessageError, subcode, data.ToArray());
            }
        }

        public readonly UpdateValidation ToResult() => new(Action, Notification, Reason, Discarded);
    }

    public static UpdateValidation Validate(in UpdateReader reader, UpdateCodecOptions options)
    {
        var outcome = default(Outcome);
        if (!reader.LengthsAreConsistent)
        {
            // RFC 4271 s6.3: Malformed Attribute List. RFC 7606 s4 leaves this a session reset: with these
            // lengths wrong the NLRI cannot be located, so treat-as-withdraw is impossible.
            outcome.Raise(UpdateErrorAction.SessionReset, UpdateMessageErrorSubcode.MalformedAttributeList,
                "Withdrawn Routes Length or Total Path Attribute Length is inconsistent with the message length.");
            return outcome.ToResult();
        }

        // RFC 7606 s5.3: a syntactically wrong prefix in the Withdrawn Routes or NLRI field means
        // the rest of the field cannot be parsed: session reset (RFC 4271 s6.3 subcode).
        var withdrawn = reader.WithdrawnRoutes;
        while (withdrawn.MoveNext())
        {
        }
        if (withdrawn.IsMalformed)
        {
            outcome.Raise(UpdateErrorAction.SessionReset, UpdateMessageErrorSubcode.InvalidNetworkField,
                "Malformed prefix in the Withdrawn Routes field.");
            return outcome.ToResult();
        }
        var nlri = reader.Nlri;
        while (nlri.MoveNext())
        {
        }
        if (nlri.IsMalformed)
        {
            outcome.Raise(UpdateErrorAction.SessionReset, UpdateMessageErrorSubcode.InvalidNetworkField,
                "Malformed prefix in the NLRI field.");
            return outcome.ToResult();
        }

        var seen = default(AttributeTypeSet);
        bool mpSeen = false;
        bool reachIgnored = false;
        var rest = reader.PathAttributesField;
        while (!rest.IsEmpty)
        {
            if (!RawPathAttribute.TryRead(rest, out var attribute))
            {
                // RFC 7606 s4: an attribute that overruns the block (or a block too short for one
                // more header) is treat-as-withdraw, the NLRI being found from the Total Path
                // Attribute Length. That needs the MP attributes to have been located already
                // (s5.1 asks senders to put them first); if they were not, the routes this UPDATE
                // carries cannot be known and only a session reset is safe.
                if (mpSeen)
                {
                    outcome.Raise(UpdateErrorAction.TreatAsWithdraw, UpdateMessageErrorSubcode.MalformedAttributeList,
                        "A path attribute overruns the attribute block.");
                }
                else
                {
                    outcome.Raise(UpdateErrorAction.SessionReset, UpdateMessageErrorSubcode.MalformedAttributeList,
                        "A path attribute overruns the attribute block before MP_REACH/MP_UNREACH could be located.");
                }
                break;
            }
            rest = rest[attribute.Encoded.Length..];
            CheckAttribute(attribute, options, ref seen, ref mpSeen, ref reachIgnored, ref outcome);
            if (outcome.Action == UpdateErrorAction.SessionReset)
            {
                return outcome.ToResult();
            }
        }

        // RFC 7606 s3: ORIGIN and AS_PATH must be present when the UPDATE carries reachable
        // routes (NLRI field or MP_REACH_NLRI), NEXT_HOP only for the NLRI field (RFC 4760 s3);
        // a missing one is treat-as-withdraw.
        bool announcesIpv4 = !reader.NlriField.IsEmpty;
        if (announcesIpv4 || (seen.Contains((byte)PathAttributeType.MpReachNlri) && !reachIgnored))
        {
            if (!seen.Contains((byte)PathAttributeType.Origin))
            {
                outcome.Raise(UpdateErrorAction.TreatAsWithdraw, UpdateMessageErrorSubcode.MissingWellKnownAttribute, "ORIGIN is missing.");
            }
            if (!seen.Contains((byte)PathAttributeType.AsPath))
            {
                outcome.Raise(UpdateErrorAction.TreatAsWithdraw, UpdateMessageErrorSubcode.MissingWellKnownAttribute, "AS_PATH is missing.");
            }
            if (announcesIpv4 && !seen.Contains((byte)PathAttributeType.NextHop))
            {
                outcome.Raise(UpdateErrorAction.TreatAsWithdraw, UpdateMessageErrorSubcode.MissingWellKnownAttribute, "NEXT_HOP is missing.");
            }
        }
        return outcome.ToResult();
    }

    private static void CheckAttribute(RawPathAttribute attribute, UpdateCodecOptions options,
        ref AttributeTypeSet seen, ref bool mpSeen, ref bool reachIgnored, ref Outcome outcome)
    {
        byte type = attribute.TypeCode;
        bool isMp = type is (byte)PathAttributeType.MpReachNlri or (byte)PathAttributeType.MpUnreachNlri;
        if (!seen.Add(type))
        {
            // RFC 7606 s3: a repeated MP_REACH/MP_UNREACH is Malformed Attribute List (session
            // reset); any other repeat is dropped and the first one kept.
            if (isMp)
            {
                outcome.Raise(UpdateErrorAction.SessionReset, UpdateMessageErrorSubcode.MalformedAttributeList,
                    $"Attribute {type} appears more than once.");
            }
            return;
        }
        mpSeen |= isMp;

        var descriptor = PathAttributeRegistry.Get(type);
        if (descriptor is null)
        {
            // RFC 4271 s6.3 (unchanged by RFC 7606, whose rules are for attributes a speaker
            // knows): an unrecognised well-known attribute is Unrecognized Well-known Attribute
            // (3/2) with the attribute as data. FRR sends 3/1 here, which is also allowed; 3/2 is
            // kept because it tells the peer's operator which attribute we could not take.
            // Unrecognised optional ones are kept or ignored (s5).
            if ((attribute.Flags & PathAttributeFlags.Optional) == 0)
            {
                outcome.Raise(UpdateErrorAction.SessionReset, UpdateMessageErrorSubcode.UnrecognizedWellKnownAttribute,
                    $"Unrecognised well-known attribute {type}.", attribute.Encoded);
            }
            return;
        }

        UpdateErrorAction action;
        if (isMp && (attribute.Flags & PathAttributeCategory.Mask) == descriptor.Category &&
            attribute.Value.Length >= 3 && !options.Negotiated(new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(attribute.Value), attribute.Value[2])))
        {
            // RFC 4760 s7 lets a speaker ignore MP_REACH/MP_UNREACH of a family the session did not
            // negotiate, or treat it as an error; ignoring keeps a session whose own families are
            // fine (FRR does the same). Its NLRI are never read, so their syntax does not matter;
            // the RIB logs it once per peer.
            reachIgnored |= type == (byte)PathAttributeType.MpReachNlri;
            return;
        }
        if ((attribute.Flags & PathAttributeCategory.Mask) != descriptor.Category)
        {
            // RFC 7606 s3: Optional/Transitive bits in conflict with the attribute's definition.
            action = descriptor.OnFlagsError;
            outcome.Raise(action, UpdateMessageErrorSubcode.AttributeFlagsError,
                $"{descriptor.Type} has flags 0x{(byte)attribute.Flags:x2}.", attribute.Encoded);
        }
        else if (!descriptor.IsWellFormed(attribute.Value, options))
        {
            // RFC 7606 s7.x for the attribute (see its file).
            action = descriptor.OnMalformed;
            outcome.Raise(action, descriptor.MalformedSubcode,
                $"{descriptor.Type} is malformed (length {attribute.Value.Length}).", attribute.Encoded);
        }
        else
        {
            if (options.FourOctetAs && type is (byte)PathAttributeType.As4Path or (byte)PathAttributeType.As4Aggregator)
            {
                // RFC 6793 s4.1: between two 4-octet speakers AS4_PATH/AS4_AGGREGATOR are discarded
                // without it being an error.
                outcome.Discarded.Add(type);
            }
            return;
        }
        if (action == UpdateErrorAction.AttributeDiscard)
        {
            outcome.Discarded.Add(type);
        }
    }
}
