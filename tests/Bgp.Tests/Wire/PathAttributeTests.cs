using System.Net;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Wire.WireBytes;

namespace Evpnd.Bgp.Tests.Wire;

public sealed class PathAttributeTests
{
    private static IEnumerable<TestCaseData> Attributes()
    {
        yield return new TestCaseData(new OriginAttribute(Origin.Incomplete), "40 01 01 02").SetName("ORIGIN");
        yield return new TestCaseData(AsPathAttribute.Sequence(65001, 4200000001),
            "40 02 0a 02 02 0000fde9 fa56ea01").SetName("AS_PATH 4-octet");
        yield return new TestCaseData(new AsPathAttribute([
                new AsPathSegment(AsPathSegmentType.AsSequence, [65001]),
                new AsPathSegment(AsPathSegmentType.AsSet, [65010, 65011])]),
            "40 02 10 02 01 0000fde9 01 02 0000fdf2 0000fdf3").SetName("AS_PATH sequence and set");
        yield return new TestCaseData(AsPathAttribute.Empty, "40 02 00").SetName("AS_PATH empty (iBGP)");
        yield return new TestCaseData(new NextHopAttribute(IPAddress.Parse("10.0.0.1")), "40 03 04 0a000001").SetName("NEXT_HOP");
        yield return new TestCaseData(new MultiExitDiscAttribute(100), "80 04 04 00000064").SetName("MULTI_EXIT_DISC");
        yield return new TestCaseData(new LocalPrefAttribute(200), "40 05 04 000000c8").SetName("LOCAL_PREF");
        yield return new TestCaseData(AtomicAggregateAttribute.Instance, "40 06 00").SetName("ATOMIC_AGGREGATE");
        yield return new TestCaseData(new AggregatorAttribute(4200000001, IPAddress.Parse("10.0.0.9")),
            "c0 07 08 fa56ea01 0a000009").SetName("AGGREGATOR 4-octet");
        yield return new TestCaseData(new CommunitiesAttribute([0xFDE90064, CommunitiesAttribute.NoExport]),
            "c0 08 08 fde90064 ffffff01").SetName("COMMUNITIES");
        yield return new TestCaseData(new OriginatorIdAttribute(0x0AFF0001), "80 09 04 0aff0001").SetName("ORIGINATOR_ID");
        yield return new TestCaseData(new ClusterListAttribute([0x0AFF0001, 0x0AFF0002]), "80 0a 08 0aff0001 0aff0002").SetName("CLUSTER_LIST");
        yield return new TestCaseData(new MpReachNlriAttribute(AfiSafi.L2vpnEvpn, [10, 0, 0, 1], [.. EvpnImet()]),
            "80 0e 1c 0019 46 04 0a000001 00 0311 0001 0a000001 0001 00000000 20 0a000001").SetName("MP_REACH_NLRI EVPN");
        yield return new TestCaseData(new MpUnreachNlriAttribute(AfiSafi.L2vpnEvpn, [.. EvpnImet()]),
            "80 0f 16 0019 46 0311 0001 0a000001 0001 00000000 20 0a000001").SetName("MP_UNREACH_NLRI EVPN");
        yield return new TestCaseData(new ExtendedCommunitiesAttribute([new(0x0002FDE900000064), new(0x030C00000000_0008)]),
            "c0 10 10 0002fde900000064 030c000000000008").SetName("EXTENDED_COMMUNITIES");
        yield return new TestCaseData(new As4PathAttribute([new AsPathSegment(AsPathSegmentType.AsSequence, [4200000001])]),
            "c0 11 06 02 01 fa56ea01").SetName("AS4_PATH");
        yield return new TestCaseData(new As4AggregatorAttribute(4200000001, IPAddress.Parse("10.0.0.9")),
            "c0 12 08 fa56ea01 0a000009").SetName("AS4_AGGREGATOR");
        yield return new TestCaseData(new PmsiTunnelAttribute([0, 6, 0, 0, 100, 10, 0, 0, 1]),
            "c0 16 09 00 06 000064 0a000001").SetName("PMSI_TUNNEL");
        yield return new TestCaseData(new UnknownPathAttribute(99, PathAttributeFlags.Optional | PathAttributeFlags.Transitive, [1, 2, 3]),
            "c0 63 03 010203").SetName("Unknown optional transitive");
    }

    [TestCaseSource(nameof(Attributes))]
    public void AttributeRoundTripsThroughAnUpdate(PathAttribute attribute, string expectedHex)
    {
        // AS4_PATH/AS4_AGGREGATOR only travel between a 4-octet and a 2-octet speaker (RFC 6793).
        var options = attribute is As4PathAttribute or As4AggregatorAttribute ? new UpdateCodecOptions(false) : UpdateCodecOptions.Default;
        var update = new UpdateMessage([attribute]);

        var frame = Frame(update, options);
        var decoded = UpdateMessage.Decode(frame, options, out _);

        Assert.That(ToHex(frame.AsSpan(23)), Is.EqualTo(ToHex(Hex(expectedHex))));
        Assert.That(decoded.Attributes.Single(), Is.EqualTo(attribute));
        Assert.That(Frame(decoded, options), Is.EqualTo(frame));
    }

    [Test]
    public void As4AttributesAreDiscardedBetweenFourOctetSpeakers()
    {
        var frame = Update([], Block(OriginAttr(), Attr(0xC0, 17, 2, 1, 0xfa, 0x56, 0xea, 0x01)), []);

        var update = UpdateMessage.Decode(frame, UpdateCodecOptions.Default, out var validation);

        Assert.That(validation.Action, Is.EqualTo(UpdateErrorAction.None), "RFC 6793 s4.1: not an error");
        Assert.That(update.Attributes, Is.EqualTo(new PathAttribute[] { new OriginAttribute(Origin.Igp) }));
    }

    [Test]
    public void AsPathIsTwoOctetTowardsAPeerWithoutFourOctetAs()
    {
        var path = AsPathAttribute.Sequence(65001, 4200000001);
        var twoOctet = new UpdateCodecOptions(FourOctetAs: false);

        var frame = Frame(new UpdateMessage([path]), twoOctet);

        // RFC 6793 s4.2.2: the 4-octet AS becomes AS_TRANS (23456 = 0x5ba0).
        Assert.That(ToHex(frame.AsSpan(23)), Is.EqualTo("400206" + "0202fde95ba0"));
        var decoded = UpdateMessage.Decode(frame, twoOctet, out _);
        Assert.That(decoded.Get<AsPathAttribute>(), Is.EqualTo(AsPathAttribute.Sequence(65001, OpenMessage.AsTrans)));
    }

    [Test]
    public void SameBytesReadAsTwoOrFourOctetPathsDiffer()
    {
        var frame = Update([], Block(Attr(0x40, 2, 2, 2, 0, 1, 0, 2)), []);

        var two = UpdateMessage.Decode(frame, new UpdateCodecOptions(false), out var v2).Get<AsPathAttribute>();
        var four = UpdateMessage.Decode(frame, UpdateCodecOptions.Default, out var v4).Get<AsPathAttribute>();

        Assert.That(two, Is.EqualTo(AsPathAttribute.Sequence(1, 2)));
        Assert.That(v2.Action, Is.EqualTo(UpdateErrorAction.None));
        Assert.That(four, Is.Null, "a 2-AS segment needs 8 bytes at 4 octets: malformed");
        Assert.That(v4.Action, Is.EqualTo(UpdateErrorAction.TreatAsWithdraw));
    }

    [Test]
    public void AggregatorIsSixBytesTowardsATwoOctetPeer()
    {
        var aggregator = new AggregatorAttribute(65001, IPAddress.Parse("10.0.0.9"));
        var twoOctet = new UpdateCodecOptions(FourOctetAs: false);

        var frame = Frame(new UpdateMessage([aggregator]), twoOctet);

        Assert.That(ToHex(frame.AsSpan(23)), Is.EqualTo("c00706fde90a000009"));
        Assert.That(UpdateMessage.Decode(frame, twoOctet, out _).Attributes.Single(), Is.EqualTo(aggregator));
    }

    [Test]
    public void UnknownOptionalTransitiveIsKeptAndPropagatedWithThePartialBit()
    {
        var frame = Update([], Block(Attr(0xC0, 99, 1, 2, 3)), []);

        var kept = UpdateMessage.Decode(frame, UpdateCodecOptions.Default, out _).Attributes.Single();
        var propagated = kept.ForPropagation();

        Assert.That(kept, Is.InstanceOf<UnknownPathAttribute>());
        Assert.That(propagated.Flags, Is.EqualTo(PathAttributeFlags.Optional | PathAttributeFlags.Transitive | PathAttributeFlags.Partial));
        Assert.That(ToHex(Frame(new UpdateMessage([propagated])).AsSpan(23)), Is.EqualTo("e06303010203"));
    }

    [Test]
    public void KnownAttributesAreNotMarkedPartialWhenPropagated()
    {
        var communities = new CommunitiesAttribute([1]);

        Assert.That(communities.ForPropagation(), Is.SameAs(communities));
    }

    [Test]
    public void UnknownOptionalNonTransitiveIsDropped()
    {
        var frame = Update([], Block(OriginAttr(), Attr(0x80, 99, 1, 2, 3)), []);

        var update = UpdateMessage.Decode(frame, UpdateCodecOptions.Default, out var validation);

        Assert.That(validation.Action, Is.EqualTo(UpdateErrorAction.None));
        Assert.That(update.Attributes, Is.EqualTo(new PathAttribute[] { new OriginAttribute(Origin.Igp) }));
    }

    [Test]
    public void ExtendedLengthFlagAsReceivedIsKeptForByteExactReEncoding()
    {
        // FRR sends MP_REACH_NLRI with Extended Length even when it is short.
        var frame = Update([], Block(OriginAttr(), AsPath4(65001), Attr(0x90, 14, [0, 25, 70, 4, 10, 0, 0, 1, 0, .. EvpnImet()])), []);

        var decoded = UpdateMessage.Decode(frame, UpdateCodecOptions.Default, out var validation);

        Assert.That(validation.Action, Is.EqualTo(UpdateErrorAction.None));
        Assert.That(decoded.Get<MpReachNlriAttribute>()!.Flags, Is.EqualTo(PathAttributeFlags.Optional | PathAttributeFlags.ExtendedLength));
        Assert.That(Frame(decoded), Is.EqualTo(frame));
    }

    [Test]
    public void AttributeLongerThan255BytesUsesExtendedLength()
    {
        var communities = new CommunitiesAttribute([.. Enumerable.Range(0, 100).Select(i => (uint)i)]);

        var frame = Frame(new UpdateMessage([communities]));

        Assert.That(frame[23], Is.EqualTo(0xD0));
        Assert.That(frame[25..27], Is.EqualTo(new byte[] { 1, 144 }));
        Assert.That(UpdateMessage.Decode(frame, UpdateCodecOptions.Default, out _).Attributes.Single(), Is.EqualTo(communities));
    }

    [Test]
    public void MpReachGivesItsNextHopAddress()
    {
        var reach = new MpReachNlriAttribute(AfiSafi.L2vpnEvpn, MpReachNlriAttribute.EncodeNextHop(IPAddress.Parse("10.0.0.7")), []);

        Assert.That(reach.NextHopAddress, Is.EqualTo(IPAddress.Parse("10.0.0.7")));
        Assert.That(reach.LinkLocalNextHop, Is.Null);
    }

    [Test]
    public void ExtendedCommunityExposesTypeAndSubtype()
    {
        var routeTarget = new ExtendedCommunity(0x0002FDE900000064);
        var nonTransitive = new ExtendedCommunity(0x4300000000000000);

        Assert.That((routeTarget.Type, routeTarget.SubType, routeTarget.IsTransitive), Is.EqualTo(((byte)0, (byte)2, true)));
        Assert.That(nonTransitive.IsTransitive, Is.False);
    }

    [Test]
    public void Ipv4PrefixesRoundTripWithMinimalOctets()
    {
        var update = new UpdateMessage(
            [Ipv4Prefix.Parse("10.1.0.0/16"), Ipv4Prefix.Parse("0.0.0.0/0")],
            [new OriginAttribute(Origin.Igp), AsPathAttribute.Sequence(65001), new NextHopAttribute(IPAddress.Parse("10.0.0.1"))],
            [Ipv4Prefix.Parse("192.0.2.0/24"), Ipv4Prefix.Parse("198.51.100.7/32")]);

        var frame = Frame(update);
        var decoded = UpdateMessage.Decode(frame, UpdateCodecOptions.Default, out var validation);

        Assert.That(ToHex(frame.AsSpan(19, 6)), Is.EqualTo("0004" + "100a01" + "00"));
        Assert.That(validation.Action, Is.EqualTo(UpdateErrorAction.None));
        Assert.That(decoded, Is.EqualTo(update));
        Assert.That(decoded.Nlri.Select(p => p.ToString()), Is.EqualTo(new[] { "192.0.2.0/24", "198.51.100.7/32" }));
    }
}
