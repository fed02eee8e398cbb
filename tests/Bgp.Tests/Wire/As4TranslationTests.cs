using System.Collections.Immutable;
using System.Net;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Wire;

public sealed class As4TranslationTests
{
    private static readonly IPAddress Aggregating = IPAddress.Parse("10.0.0.9");

    [Test]
    public void TowardsATwoOctetPeerFourOctetAsesTravelInAs4Attributes()
    {
        ImmutableArray<PathAttribute> attributes =
            [new OriginAttribute(Origin.Igp), AsPathAttribute.Sequence(4200000001, 65001), new AggregatorAttribute(4200000001, Aggregating)];

        var sent = As4Translation.ForTwoOctetPeer(attributes);

        Assert.That(sent.Select(a => a.TypeCode), Is.EqualTo(new byte[] { 1, 2, 7, 17, 18 }));
        Assert.That(sent.OfType<As4PathAttribute>().Single().Segments.Single().Asns, Is.EqualTo(new uint[] { 4200000001, 65001 }));
        Assert.That(sent.OfType<As4AggregatorAttribute>().Single(), Is.EqualTo(new As4AggregatorAttribute(4200000001, Aggregating)));
    }

    [Test]
    public void NoAs4AttributesWhenEveryAsFitsTwoOctets()
    {
        ImmutableArray<PathAttribute> attributes = [new OriginAttribute(Origin.Igp), AsPathAttribute.Sequence(65002, 65001)];

        Assert.That(As4Translation.ForTwoOctetPeer(attributes), Is.EqualTo(attributes));
    }

    [Test]
    public void RoundTripThroughATwoOctetPeerRestoresThePath()
    {
        ImmutableArray<PathAttribute> attributes =
            [new OriginAttribute(Origin.Igp), AsPathAttribute.Sequence(4200000001, 65001), new AggregatorAttribute(4200000002, Aggregating)];
        var twoOctet = new UpdateCodecOptions(false);

        // Sent to a 2-octet speaker, which prepends its own AS 65010 and passes it on.
        var frame = WireBytes.Frame(new UpdateMessage(As4Translation.ForTwoOctetPeer(attributes)), twoOctet);
        var received = UpdateMessage.Decode(frame, twoOctet, out _).Attributes;
        received = received.Replace(received.OfType<AsPathAttribute>().Single(),
            new AsPathAttribute([new AsPathSegment(AsPathSegmentType.AsSequence, [65010, OpenMessage.AsTrans, 65001])]));

        var merged = As4Translation.MergeFromTwoOctetPeer(received);

        Assert.That(merged.OfType<AsPathAttribute>().Single(), Is.EqualTo(AsPathAttribute.Sequence(65010, 4200000001, 65001)));
        Assert.That(merged.OfType<AggregatorAttribute>().Single(), Is.EqualTo(new AggregatorAttribute(4200000002, Aggregating)));
        Assert.That(merged.Any(a => a is As4PathAttribute or As4AggregatorAttribute), Is.False);
    }

    [Test]
    public void As4PathLongerThanAsPathIsIgnored()
    {
        ImmutableArray<PathAttribute> attributes =
        [
            AsPathAttribute.Sequence(65001),
            new As4PathAttribute([new AsPathSegment(AsPathSegmentType.AsSequence, [4200000001, 4200000002])]),
        ];

        var merged = As4Translation.MergeFromTwoOctetPeer(attributes);

        Assert.That(merged, Is.EqualTo(new PathAttribute[] { AsPathAttribute.Sequence(65001) }));
    }

    [Test]
    public void AggregatorWithoutAsTransMakesTheAs4AttributesStale()
    {
        ImmutableArray<PathAttribute> attributes =
        [
            AsPathAttribute.Sequence(65001, OpenMessage.AsTrans),
            new AggregatorAttribute(65001, Aggregating),
            new As4PathAttribute([new AsPathSegment(AsPathSegmentType.AsSequence, [4200000001])]),
            new As4AggregatorAttribute(4200000001, Aggregating),
        ];

        var merged = As4Translation.MergeFromTwoOctetPeer(attributes);

        Assert.That(merged, Is.EqualTo(new PathAttribute[] { AsPathAttribute.Sequence(65001, OpenMessage.AsTrans), new AggregatorAttribute(65001, Aggregating) }));
    }
}
