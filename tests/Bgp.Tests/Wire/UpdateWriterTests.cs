using System.Net;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Wire.WireBytes;

namespace Evpnd.Bgp.Tests.Wire;

public sealed class UpdateWriterTests
{
    private static readonly PathAttribute[] EvpnAttributes =
    [
        new OriginAttribute(Origin.Igp),
        AsPathAttribute.Sequence(65001),
        new ExtendedCommunitiesAttribute([new(0x0002FDE900000064), new(0x030C000000000008)]),
    ];

    private static byte[] Route(int i) => [2, 33, .. new byte[31], (byte)(i >> 8), (byte)i];

    [TestCase(4096)]
    [TestCase(65535)]
    public void PacksManyRoutesUnderOneAttributeSetUpToTheMaximum(int maxLength)
    {
        var options = new UpdateCodecOptions(true, maxLength);
        var buffer = new byte[maxLength];
        var writer = new UpdateWriter(buffer, options);
        foreach (var attribute in EvpnAttributes)
        {
            Assert.That(writer.TryAddAttribute(attribute), Is.True);
        }
        writer.BeginMpReach(AfiSafi.L2vpnEvpn, [10, 0, 0, 1]);
        var messages = new List<byte[]>();
        for (int i = 0; i < 3000; i++)
        {
            if (!writer.TryAddMpNlri(Route(i)))
            {
                messages.Add(writer.Complete().ToArray());
                writer.ClearNlri();
                Assert.That(writer.TryAddMpNlri(Route(i)), Is.True);
            }
        }
        messages.Add(writer.Complete().ToArray());

        var routes = new List<int>();
        foreach (var message in messages)
        {
            Assert.That(message.Length, Is.LessThanOrEqualTo(maxLength));
            var update = UpdateMessage.Decode(message, options, out var validation);
            Assert.That(validation.Action, Is.EqualTo(UpdateErrorAction.None), validation.Reason);
            Assert.That(update.Attributes.Take(3), Is.EqualTo(EvpnAttributes));
            var reach = update.Get<MpReachNlriAttribute>()!;
            Assert.That(reach.NextHopAddress, Is.EqualTo(IPAddress.Parse("10.0.0.1")));
            for (int pos = 0; pos < reach.Nlri.Length; pos += 35)
            {
                routes.Add(reach.Nlri[pos + 33] << 8 | reach.Nlri[pos + 34]);
            }
        }
        Assert.That(routes, Is.EqualTo(Enumerable.Range(0, 3000)));
        // Full messages leave less room than one more route.
        Assert.That(messages[0].Length, Is.GreaterThan(maxLength - 35));
        // Header 19, lengths 4, ORIGIN 4, AS_PATH 9, EXTENDED_COMMUNITIES 19, MP_REACH header 13: 68.
        int perMessage = (maxLength - 68) / 35;
        Assert.That(messages, Has.Count.EqualTo((3000 + perMessage - 1) / perMessage));
    }

    [Test]
    public void WritesWithdrawnAttributesAndIpv4NlriLikeTheModel()
    {
        var model = new UpdateMessage(
            [Ipv4Prefix.Parse("10.9.0.0/16")],
            [new OriginAttribute(Origin.Igp), AsPathAttribute.Sequence(65001), new NextHopAttribute(IPAddress.Parse("10.0.0.1"))],
            [Ipv4Prefix.Parse("192.0.2.0/24"), Ipv4Prefix.Parse("198.51.100.0/25")]);
        var writer = new UpdateWriter(new byte[4096], UpdateCodecOptions.Default);

        Assert.That(writer.TryAddWithdrawn(model.Withdrawn[0]), Is.True);
        foreach (var attribute in model.Attributes)
        {
            writer.TryAddAttribute(attribute);
        }
        foreach (var prefix in model.Nlri)
        {
            writer.TryAddNlri(prefix);
        }

        Assert.That(writer.Complete().ToArray(), Is.EqualTo(Frame(model)));
        Assert.That(writer.RouteCount, Is.EqualTo(3));
    }

    [Test]
    public void WritesPreEncodedAttributesFromAnInternedSet()
    {
        var interner = new AttributeSetInterner();
        var set = interner.Intern(EvpnAttributes);
        var writer = new UpdateWriter(new byte[4096], UpdateCodecOptions.Default);

        writer.TryAddAttributes(set.Encoded.Span);
        writer.BeginMpReach(AfiSafi.L2vpnEvpn, [10, 0, 0, 1]);
        writer.TryAddMpNlri(EvpnImet());
        var update = UpdateMessage.Decode(writer.Complete(), UpdateCodecOptions.Default, out var validation);

        Assert.That(validation.Action, Is.EqualTo(UpdateErrorAction.None));
        Assert.That(update.Attributes.Take(3), Is.EqualTo(EvpnAttributes));
    }

    [Test]
    public void WithdrawsMpRoutes()
    {
        var writer = new UpdateWriter(new byte[4096], UpdateCodecOptions.Default);

        writer.BeginMpUnreach(AfiSafi.L2vpnEvpn);
        writer.TryAddMpNlri(EvpnImet(1));
        writer.TryAddMpNlri(EvpnImet(2));
        var update = UpdateMessage.Decode(writer.Complete(), UpdateCodecOptions.Default, out var validation);

        Assert.That(validation.Action, Is.EqualTo(UpdateErrorAction.None));
        Assert.That(update.Get<MpUnreachNlriAttribute>()!.Withdrawn, Is.EqualTo(EvpnImet(1).Concat(EvpnImet(2))));
    }

    [Test]
    public void AttributesAfterNlriAreRefused()
    {
        var writer = new UpdateWriter(new byte[4096], UpdateCodecOptions.Default);
        writer.TryAddNlri(Ipv4Prefix.Parse("192.0.2.0/24"));
        bool refused = false;
        try
        {
            writer.TryAddAttribute(new OriginAttribute(Origin.Igp));
        }
        catch (InvalidOperationException)
        {
            refused = true;
        }

        Assert.That(refused, Is.True);
    }

    [Test]
    public void EndOfRibForEvpnIsAnEmptyMpUnreach()
    {
        var buffer = new byte[64];

        int length = UpdateWriter.WriteEndOfRib(buffer, AfiSafi.L2vpnEvpn);
        var reader = new UpdateReader(buffer.AsSpan(0, length));

        Assert.That(ToHex(buffer.AsSpan(16, length - 16)), Is.EqualTo("001e02" + "0000" + "0007" + "900f0003" + "001946"));
        Assert.That(reader.IsEndOfRib(out var family), Is.True);
        Assert.That(family, Is.EqualTo(AfiSafi.L2vpnEvpn));
        Assert.That(UpdateMessage.Decode(buffer.AsSpan(0, length), UpdateCodecOptions.Default, out _).IsEndOfRib(out _), Is.True);
    }

    [Test]
    public void EndOfRibForIpv4UnicastIsAnEmptyUpdate()
    {
        var buffer = new byte[64];

        int length = UpdateWriter.WriteEndOfRib(buffer, AfiSafi.Ipv4Unicast);

        Assert.That(length, Is.EqualTo(23));
        Assert.That(buffer.AsSpan(0, 23).ToArray(), Is.EqualTo(Frame(UpdateMessage.EndOfRib(AfiSafi.Ipv4Unicast))));
    }

    [Test]
    public void EndOfRibModelMatchesTheReaderForAnyFamily()
    {
        var frame = Frame(UpdateMessage.EndOfRib(AfiSafi.Ipv6Unicast));

        Assert.That(new UpdateReader(frame).IsEndOfRib(out var family), Is.True);
        Assert.That(family, Is.EqualTo(AfiSafi.Ipv6Unicast));
    }
}
