using System.Buffers;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Wire;

/// <summary>
/// Real bytes from FRR 8.4 and GoBGP 3.10 sessions (tests/Vectors): every message decodes and
/// re-encodes byte for byte, UPDATEs through the attribute model.
/// </summary>
public sealed class CapturedVectorTests
{
    private static IEnumerable<TestCaseData> Messages(string type) =>
        CapturedVectors.All.Where(m => m.Type == type).Select(m => new TestCaseData(m).SetName($"{type} {m}"));

    private static IEnumerable<TestCaseData> Opens() => Messages("OPEN");

    private static IEnumerable<TestCaseData> Updates() => Messages("UPDATE");

    private static IEnumerable<TestCaseData> Others() => Messages("KEEPALIVE").Concat(Messages("NOTIFICATION")).Concat(Messages("ROUTE-REFRESH"));

    [Test]
    public void VectorsArePresent()
    {
        var types = CapturedVectors.All.GroupBy(m => m.Type).ToDictionary(g => g.Key, g => g.Count());

        Assert.That(CapturedVectors.All, Is.Not.Empty, $"no captured vectors in {CapturedVectors.Directory}");
        Assert.That(types.GetValueOrDefault("OPEN"), Is.GreaterThanOrEqualTo(4));
        Assert.That(types.GetValueOrDefault("UPDATE"), Is.GreaterThanOrEqualTo(20));
        Assert.That(types.GetValueOrDefault("KEEPALIVE"), Is.GreaterThanOrEqualTo(2));
        Assert.That(types.GetValueOrDefault("NOTIFICATION"), Is.GreaterThanOrEqualTo(2));
    }

    private static ReadOnlySpan<byte> Frame(CapturedMessage message)
    {
        var buffer = new ReadOnlySequence<byte>(message.Bytes);
        Assert.That(BgpMessageCodec.TryReadFrame(ref buffer, BgpHeader.MaxMessageLength, out var frame, out var type), Is.True);
        Assert.That(buffer.IsEmpty, Is.True);
        Assert.That(type.ToString().ToUpperInvariant().Replace("ROUTEREFRESH", "ROUTE-REFRESH"), Is.EqualTo(message.Type));
        return frame.ToArray();
    }

    [TestCaseSource(nameof(Opens))]
    public void OpenDecodesAndReEncodesByteForByte(CapturedMessage message)
    {
        var open = (OpenMessage)BgpMessageCodec.Decode(Frame(message));

        Assert.That(open.Families, Does.Contain(AfiSafi.L2vpnEvpn));
        Assert.That(open.Asn, Is.AnyOf(65001u, 65002u));
        Assert.That(WireBytes.Frame(open), Is.EqualTo(message.Bytes));
    }

    [TestCaseSource(nameof(Others))]
    public void MessageDecodesAndReEncodesByteForByte(CapturedMessage message)
    {
        var decoded = BgpMessageCodec.Decode(Frame(message));

        Assert.That(WireBytes.Frame(decoded), Is.EqualTo(message.Bytes));
    }

    [TestCaseSource(nameof(Updates))]
    public void UpdateIsValidAndReEncodesByteForByteThroughTheAttributeModel(CapturedMessage message)
    {
        var frame = Frame(message);

        var update = UpdateMessage.Decode(frame, UpdateCodecOptions.Default, out var validation);

        Assert.That(validation.Action, Is.EqualTo(UpdateErrorAction.None), validation.Reason);
        Assert.That(update.Attributes.OfType<UnknownPathAttribute>(), Is.Empty, "every captured attribute type is modelled");
        Assert.That(WireBytes.Frame(update), Is.EqualTo(message.Bytes));
    }

    [Test]
    public void FrrOpenCapabilitiesAreRecognised()
    {
        var frrOpen = CapturedVectors.All.First(m => m.Type == "OPEN" && m.Direction == "frr->gobgp");

        var open = (OpenMessage)BgpMessageCodec.Decode(Frame(frrOpen));

        Assert.That(open.MyAs, Is.EqualTo(65001));
        Assert.That(open.HoldTime, Is.EqualTo(9));
        Assert.That(open.Has<RouteRefreshCapability>() && open.Has<EnhancedRouteRefreshCapability>() && open.Has<ExtendedMessageCapability>(), Is.True);
        Assert.That(open.Capabilities.OfType<GracefulRestartCapability>().Single().RestartTimeSeconds, Is.EqualTo(120));
        Assert.That(open.Capabilities.OfType<AddPathCapability>().Single().Families.Single().Family, Is.EqualTo(AfiSafi.L2vpnEvpn));
        // Cisco route refresh (128), FQDN (73) and LLGR (71) are kept for display.
        Assert.That(open.Capabilities.OfType<UnknownCapability>().Select(c => c.Code), Is.EquivalentTo(new byte[] { 128, 73, 71 }));
    }

    [Test]
    public void WrongAsNotificationIsBadPeerAs()
    {
        var notification = CapturedVectors.All.First(m => m.Type == "NOTIFICATION" && m.Description.Contains("Bad Peer AS"));

        var decoded = (NotificationMessage)BgpMessageCodec.Decode(Frame(notification));

        Assert.That((decoded.Code, decoded.Subcode), Is.EqualTo((NotificationCode.OpenMessageError, OpenMessageErrorSubcode.BadPeerAs)));
    }

    [Test]
    public void GoBgpRoutesWithTheSameAttributesShareOneInternedSet()
    {
        var interner = new AttributeSetInterner();
        var sets = new List<PathAttributeSet>();
        foreach (var message in CapturedVectors.All.Where(m => m.File == "frr-gobgp-ipv4.hex" && m.Type == "UPDATE" && m.Direction == "gobgp->frr"))
        {
            var reader = new UpdateReader(message.Bytes);
            if (reader.TryGetMpReach(out _))
            {
                sets.Add(interner.Intern(reader, UpdateCodecOptions.Default, reader.Validate(UpdateCodecOptions.Default)));
            }
        }

        // GoBGP's first two MAC routes carry ORIGIN, AS_PATH, RT 65002:100 and VXLAN encapsulation alike.
        Assert.That(sets, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(sets[1], Is.SameAs(sets[0]));
        Assert.That(interner.Count, Is.LessThan(sets.Count));
        Assert.That(sets[0].AsPath, Is.EqualTo(AsPathAttribute.Sequence(65002)));
    }
}
