using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Wire.WireBytes;

namespace Evpnd.Bgp.Tests.Wire;

/// <summary>Each RFC 7606 case and the action it calls for.</summary>
public sealed class UpdateValidationTests
{
    private static readonly byte[] Nlri24 = [24, 192, 0, 2];
    private static readonly byte[] Ipv4Base = Block(OriginAttr(), AsPath4(65001), NextHop(10, 0, 0, 1));

    private static byte[] Ipv4With(params byte[][] extra) => Update([], [.. Ipv4Base, .. Block(extra)], Nlri24);

    private static byte[] EvpnWith(params byte[][] extra) =>
        Update([], Block([MpReachEvpn(EvpnImet()), OriginAttr(), AsPath4(65001), .. extra]), []);

    private static UpdateValidation Validate(byte[] frame, bool fourOctetAs = true) =>
        new UpdateReader(frame).Validate(new UpdateCodecOptions(fourOctetAs));

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string name, byte[] frame, UpdateErrorAction action, int subcode = -1) =>
            new TestCaseData(frame, action, subcode).SetName(name);

        const UpdateErrorAction none = UpdateErrorAction.None;
        const UpdateErrorAction discard = UpdateErrorAction.AttributeDiscard;
        const UpdateErrorAction withdraw = UpdateErrorAction.TreatAsWithdraw;
        const UpdateErrorAction reset = UpdateErrorAction.SessionReset;

        yield return Case("Well-formed IPv4 UPDATE", Ipv4With(), none);
        yield return Case("Well-formed EVPN UPDATE without NEXT_HOP (RFC 4760)", EvpnWith(), none);
        yield return Case("Withdrawal only, no attributes", Update([24, 192, 0, 2], [], []), none);
        yield return Case("EVPN End-of-RIB", Update([], Attr(0x80, 15, 0, 25, 70), []), none);

        // RFC 4271 s6.3 / RFC 7606 s4: lengths inconsistent with the message.
        yield return Case("Withdrawn Routes Length beyond the message",
            Message(2, [0, 10, 0, 0]), reset, UpdateMessageErrorSubcode.MalformedAttributeList);
        yield return Case("Total Path Attribute Length beyond the message",
            Message(2, [0, 0, 0, 9, 0x40, 1, 1, 0]), reset, UpdateMessageErrorSubcode.MalformedAttributeList);

        // RFC 7606 s5.3: unparseable prefixes.
        yield return Case("Withdrawn prefix longer than 32", Update([33, 1, 2, 3, 4, 5], [], []), reset, UpdateMessageErrorSubcode.InvalidNetworkField);
        yield return Case("NLRI prefix overruns the message", Update([], Ipv4Base, [24, 192, 0]), reset, UpdateMessageErrorSubcode.InvalidNetworkField);

        // RFC 7606 s3: flags in conflict with the attribute's category.
        yield return Case("ORIGIN marked optional", Update([], Block(Attr(0xC0, 1, 0), AsPath4(1), NextHop(10, 0, 0, 1)), Nlri24), withdraw);
        yield return Case("MP_REACH_NLRI marked transitive",
            Update([], Block(Attr(0xC0, 14, [0, 25, 70, 4, 10, 0, 0, 1, 0]), OriginAttr(), AsPath4(1)), []), reset, UpdateMessageErrorSubcode.AttributeFlagsError);
        yield return Case("COMMUNITIES marked non-transitive", Ipv4With(Attr(0x80, 8, 0, 0, 0, 1)), withdraw);

        // RFC 7606 s7, attribute by attribute.
        yield return Case("ORIGIN of length 2 (s7.1)", Update([], Block(Attr(0x40, 1, 0, 0), AsPath4(1), NextHop(10, 0, 0, 1)), Nlri24), withdraw);
        yield return Case("ORIGIN value 3 (s7.1)", Update([], Block(OriginAttr(3), AsPath4(1), NextHop(10, 0, 0, 1)), Nlri24), withdraw);
        yield return Case("AS_PATH unknown segment type (s7.2)", Update([], Block(OriginAttr(), Attr(0x40, 2, 5, 1, 0, 0, 0, 1), NextHop(10, 0, 0, 1)), Nlri24), withdraw);
        yield return Case("AS_PATH zero segment length (s7.2)", Update([], Block(OriginAttr(), Attr(0x40, 2, 2, 0), NextHop(10, 0, 0, 1)), Nlri24), withdraw);
        yield return Case("AS_PATH segment overruns (s7.2)", Update([], Block(OriginAttr(), Attr(0x40, 2, 2, 2, 0, 0, 0, 1), NextHop(10, 0, 0, 1)), Nlri24), withdraw);
        yield return Case("NEXT_HOP of length 5 (s7.3)", Update([], Block(OriginAttr(), AsPath4(1), Attr(0x40, 3, 10, 0, 0, 1, 0)), Nlri24), withdraw);
        yield return Case("MULTI_EXIT_DISC of length 3 (s7.4)", Ipv4With(Attr(0x80, 4, 0, 0, 1)), withdraw);
        yield return Case("LOCAL_PREF of length 2 (s7.5)", Ipv4With(Attr(0x40, 5, 0, 1)), withdraw);
        yield return Case("ATOMIC_AGGREGATE of length 1 (s7.6)", Ipv4With(Attr(0x40, 6, 0)), discard);
        yield return Case("AGGREGATOR of length 7 (s7.7)", Ipv4With(Attr(0xC0, 7, 0, 0, 0, 1, 10, 0, 0)), discard);
        yield return Case("AGGREGATOR of 4-octet length from a 2-octet peer (s7.7)",
            Update([], Block(OriginAttr(), Attr(0x40, 2), NextHop(10, 0, 0, 1), Attr(0xC0, 7, 0, 0, 0, 1, 10, 0, 0, 9)), Nlri24), discard);
        yield return Case("COMMUNITIES of length 5 (s7.8)", Ipv4With(Attr(0xC0, 8, 0, 0, 0, 1, 0)), withdraw);
        yield return Case("ORIGINATOR_ID of length 3 (s7.9)", Ipv4With(Attr(0x80, 9, 1, 2, 3)), withdraw);
        yield return Case("CLUSTER_LIST of length 6 (s7.10)", Ipv4With(Attr(0x80, 10, 1, 2, 3, 4, 5, 6)), withdraw);
        yield return Case("MP_REACH next hop overruns (s7.11)",
            Update([], Block(Attr(0x80, 14, 0, 25, 70, 16, 10, 0, 0, 1, 0), OriginAttr(), AsPath4(1)), []), reset, UpdateMessageErrorSubcode.OptionalAttributeError);
        yield return Case("MP_REACH next hop length 5 for EVPN (s7.11)",
            Update([], Block(Attr(0x80, 14, 0, 25, 70, 5, 10, 0, 0, 1, 1, 0), OriginAttr(), AsPath4(1)), []), reset, UpdateMessageErrorSubcode.OptionalAttributeError);
        yield return Case("MP_REACH EVPN route overruns (s5.3)",
            Update([], Block(Attr(0x80, 14, [0, 25, 70, 4, 10, 0, 0, 1, 0, 3, 17, 0, 1]), OriginAttr(), AsPath4(1)), []), reset, UpdateMessageErrorSubcode.OptionalAttributeError);
        yield return Case("MP_UNREACH of length 2 (s7.12)", Update([], Attr(0x80, 15, 0, 25), []), reset, UpdateMessageErrorSubcode.OptionalAttributeError);
        yield return Case("EXTENDED_COMMUNITIES of length 12 (s7.14)", EvpnWith(Attr(0xC0, 16, new byte[12])), withdraw);
        yield return Case("PMSI_TUNNEL of length 3 (RFC 6514 s5)", EvpnWith(Attr(0xC0, 22, 0, 6, 0)), withdraw);
        yield return Case("AS4_PATH malformed from a 2-octet peer (RFC 6793 s6)",
            Update([], Block(OriginAttr(), Attr(0x40, 2), NextHop(10, 0, 0, 1), Attr(0xC0, 17, 2, 2, 0, 0, 0, 1)), Nlri24), discard);
        yield return Case("AS4_AGGREGATOR with bad flags (RFC 6793 s6)",
            Update([], Block(OriginAttr(), Attr(0x40, 2), NextHop(10, 0, 0, 1), Attr(0x40, 18, 0, 0, 0, 1, 10, 0, 0, 1)), Nlri24), discard);

        // RFC 7606 s3: duplicates.
        yield return Case("MP_REACH_NLRI twice", EvpnWith(MpReachEvpn(EvpnImet(2))), reset, UpdateMessageErrorSubcode.MalformedAttributeList);
        yield return Case("MP_UNREACH_NLRI twice", Update([], Block(Attr(0x80, 15, 0, 25, 70), Attr(0x80, 15, 0, 25, 70)), []), reset, UpdateMessageErrorSubcode.MalformedAttributeList);
        yield return Case("ORIGIN twice keeps the first", Ipv4With(OriginAttr(2)), none);

        // RFC 7606 s3: missing well-known mandatory attributes.
        yield return Case("ORIGIN missing with NLRI", Update([], Block(AsPath4(1), NextHop(10, 0, 0, 1)), Nlri24), withdraw);
        yield return Case("AS_PATH missing with MP_REACH", Update([], Block(MpReachEvpn(EvpnImet()), OriginAttr()), []), withdraw);
        yield return Case("NEXT_HOP missing with IPv4 NLRI", Update([], Block(OriginAttr(), AsPath4(1)), Nlri24), withdraw);

        // RFC 7606 s4: an attribute overrunning the attribute block.
        yield return Case("Last attribute overruns after MP_REACH", Update([], Block(MpReachEvpn(EvpnImet()), OriginAttr(), AsPath4(1), [0xC0, 8, 9, 0, 0]), []), withdraw);
        yield return Case("Fewer than 3 bytes left after MP_REACH", Update([], Block(MpReachEvpn(EvpnImet()), OriginAttr(), AsPath4(1), [0x40, 5]), []), withdraw);
        yield return Case("Attribute overruns before any MP attribute", Update([], Block(OriginAttr(), [0x40, 2, 9, 2]), Nlri24), reset, UpdateMessageErrorSubcode.MalformedAttributeList);

        // RFC 4271 s6.3: unrecognised well-known.
        yield return Case("Unrecognised well-known attribute", Ipv4With(Attr(0x40, 99, 1)), reset, UpdateMessageErrorSubcode.UnrecognizedWellKnownAttribute);
        yield return Case("Unrecognised optional attribute is fine", Ipv4With(Attr(0xC0, 99, 1)), none);

        // RFC 7606 s2: the strongest action wins.
        yield return Case("Discard and withdraw: withdraw", Ipv4With(Attr(0x40, 6, 0), Attr(0xC0, 8, 1)), withdraw);
        yield return Case("Withdraw then reset: reset", EvpnWith(Attr(0xC0, 16, 1), Attr(0x40, 99, 1)), reset, UpdateMessageErrorSubcode.UnrecognizedWellKnownAttribute);
    }

    [TestCaseSource(nameof(Cases))]
    public void ActionIsWhatRfc7606Asks(byte[] frame, UpdateErrorAction action, int subcode)
    {
        bool fourOctetAs = !TestContext.CurrentContext.Test.Name.Contains("2-octet peer");

        var result = Validate(frame, fourOctetAs);

        Assert.That(result.Action, Is.EqualTo(action), result.Reason);
        if (action == UpdateErrorAction.SessionReset)
        {
            Assert.That(result.Notification, Is.Not.Null);
            Assert.That((result.Notification!.Code, result.Notification.Subcode),
                Is.EqualTo((NotificationCode.UpdateMessageError, (byte)subcode)));
        }
        else
        {
            Assert.That(result.Notification, Is.Null);
        }
        Assert.That(result.Reason is null, Is.EqualTo(action == UpdateErrorAction.None));
    }

    private static IEnumerable<TestCaseData> NotNegotiatedFamilies()
    {
        // Each is a session reset when its family was negotiated (RFC 7606 s7.11, s7.12, s5.3).
        yield return new TestCaseData(Update([], Block(Attr(0x80, 14, 0, 1, 1, 5, 10, 0, 0, 1, 1, 0, 24, 192, 0, 2), OriginAttr(), AsPath4(1)), []))
            .SetName("IPv4 unicast MP_REACH with a 5-octet next hop");
        yield return new TestCaseData(Update([], Block(Attr(0x80, 14, [0, 2, 1, 16, .. new byte[16], 0, 129, 1]), OriginAttr(), AsPath4(1)), []))
            .SetName("IPv6 unicast MP_REACH with a /129");
        yield return new TestCaseData(Update([], Attr(0x80, 15, 0, 1, 1, 33, 10, 0, 0, 0, 1), []))
            .SetName("IPv4 unicast MP_UNREACH with a /33");
    }

    [TestCaseSource(nameof(NotNegotiatedFamilies))]
    public void MpAttributeOfAFamilyNotNegotiatedIsIgnored(byte[] frame)
    {
        var evpnOnly = new UpdateCodecOptions(true, Families: [AfiSafi.L2vpnEvpn]);

        var result = new UpdateReader(frame).Validate(evpnOnly);

        // RFC 4760 s7 allows ignoring it; ORIGIN/AS_PATH are not demanded for routes never read.
        Assert.That(result.Action, Is.EqualTo(UpdateErrorAction.None), result.Reason);
    }

    [TestCaseSource(nameof(NotNegotiatedFamilies))]
    public void MpAttributeOfANegotiatedFamilyIsStillChecked(byte[] frame)
    {
        var all = new UpdateCodecOptions(true, Families: [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast, AfiSafi.L2vpnEvpn]);

        var result = new UpdateReader(frame).Validate(all);

        Assert.That((result.Action, result.Notification?.Subcode),
            Is.EqualTo((UpdateErrorAction.SessionReset, (byte?)UpdateMessageErrorSubcode.OptionalAttributeError)));
    }

    [Test]
    public void MpReachOfAFamilyNotNegotiatedWithBadFlagsStillResets()
    {
        // The flags are the attribute's own framing (RFC 7606 s3 c): not a family question.
        var frame = Update([], Block(Attr(0x40, 14, 0, 1, 1, 4, 10, 0, 0, 1, 0), OriginAttr(), AsPath4(1)), []);

        var result = new UpdateReader(frame).Validate(new UpdateCodecOptions(true, Families: [AfiSafi.L2vpnEvpn]));

        Assert.That(result.Notification?.Subcode, Is.EqualTo(UpdateMessageErrorSubcode.AttributeFlagsError));
    }

    [Test]
    public void UnrecognisedWellKnownAttributeIs3_2WithTheAttributeAsData()
    {
        // RFC 4271 s6.3 names this very case: Unrecognized Well-known Attribute, the data being the
        // attribute; RFC 7606 changes nothing for it (its rules are for attributes a speaker knows).
        // FRR answers 3/1 (Malformed Attribute List), also allowed; we keep the subcode that says
        // what is wrong, so the operator reading the peer's log knows which attribute to look at.
        var unknown = Attr(0x40, 99, 1);

        var result = Validate(Ipv4With(unknown));

        Assert.That((result.Action, result.Notification?.Subcode),
            Is.EqualTo((UpdateErrorAction.SessionReset, (byte?)UpdateMessageErrorSubcode.UnrecognizedWellKnownAttribute)));
        Assert.That(result.Notification!.Data, Is.EqualTo(unknown));
    }

    [Test]
    public void DiscardedAttributeIsLeftOutAndTheRestKept()
    {
        var frame = Ipv4With(Attr(0x40, 6, 0));

        var update = UpdateMessage.Decode(frame, UpdateCodecOptions.Default, out var validation);

        Assert.That(validation.Action, Is.EqualTo(UpdateErrorAction.AttributeDiscard));
        Assert.That(validation.Discarded.Contains(6), Is.True);
        Assert.That(update.Get<AtomicAggregateAttribute>(), Is.Null);
        Assert.That(update.Attributes, Has.Length.EqualTo(3));
        Assert.That(update.Nlri, Has.Length.EqualTo(1));
    }

    [Test]
    public void DuplicateKeepsTheFirstOccurrence()
    {
        var update = UpdateMessage.Decode(Ipv4With(OriginAttr(2)), UpdateCodecOptions.Default, out _);

        Assert.That(update.Get<OriginAttribute>()!.Value, Is.EqualTo(Origin.Igp));
        Assert.That(update.Attributes.Count(a => a is OriginAttribute), Is.EqualTo(1));
    }

    [Test]
    public void ErrorNotificationCarriesTheOffendingAttribute()
    {
        var bad = Attr(0xC0, 14, [0, 25, 70, 4, 10, 0, 0, 1, 0]);

        var result = Validate(Update([], Block(bad, OriginAttr(), AsPath4(1)), []));

        Assert.That(result.Notification!.Data, Is.EqualTo(bad));
    }

    [Test]
    public void CodecDecodeThrowsOnlyForSessionReset()
    {
        var withdraw = Ipv4With(Attr(0xC0, 8, 1));
        var reset = Ipv4With(Attr(0x40, 99, 1));

        Assert.That(BgpMessageCodec.Decode(withdraw), Is.InstanceOf<UpdateMessage>());
        var error = Assert.Throws<BgpProtocolException>(() => BgpMessageCodec.Decode(reset))!;
        Assert.That((error.Code, error.Subcode), Is.EqualTo((NotificationCode.UpdateMessageError, (byte)2)));
    }
}
