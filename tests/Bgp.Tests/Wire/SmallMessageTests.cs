using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Wire.WireBytes;

namespace Evpnd.Bgp.Tests.Wire;

public sealed class SmallMessageTests
{
    [Test]
    public void KeepaliveIsTheHeaderAlone()
    {
        var frame = Frame(KeepaliveMessage.Instance);

        Assert.That(ToHex(frame), Is.EqualTo("ffffffffffffffffffffffffffffffff001304"));
        Assert.That(BgpMessageCodec.Decode(frame), Is.SameAs(KeepaliveMessage.Instance));
    }

    private static IEnumerable<TestCaseData> Notifications()
    {
        yield return new TestCaseData(new NotificationMessage(NotificationCode.HoldTimerExpired, 0), "0400").SetName("Hold timer expired");
        yield return new TestCaseData(new NotificationMessage(NotificationCode.SendHoldTimerExpired, 0), "0800").SetName("Send hold timer expired");
        yield return new TestCaseData(new NotificationMessage(NotificationCode.OpenMessageError, 2, [0xfd, 0xe9]), "0202fde9").SetName("Bad peer AS with data");
        yield return new TestCaseData(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "maintenance"),
            "0602 0b 6d61696e74656e616e6365").SetName("Cease with shutdown communication");
    }

    [TestCaseSource(nameof(Notifications))]
    public void NotificationRoundTrips(NotificationMessage notification, string bodyHex)
    {
        var frame = Frame(notification);

        Assert.That(ToHex(frame.AsSpan(19)), Is.EqualTo(ToHex(Hex(bodyHex))));
        Assert.That(BgpMessageCodec.Decode(frame), Is.EqualTo(notification));
    }

    [Test]
    public void ShutdownCommunicationSurvivesTheWire()
    {
        var sent = NotificationMessage.Shutdown(CeaseSubcode.AdministrativeReset, "upgrade to 8.4 – back in 5'");

        var received = (NotificationMessage)BgpMessageCodec.Decode(Frame(sent));

        Assert.That(received.ShutdownCommunication, Is.EqualTo("upgrade to 8.4 – back in 5'"));
        Assert.That(received.ToString(), Does.Contain("Administrative Reset"));
    }

    [Test]
    public void SendHoldTimerExpired_IsNamedAsRfc9687NamesIt() =>
        Assert.That(new NotificationMessage(NotificationCode.SendHoldTimerExpired, 0).ToString(), Is.EqualTo("8/0 (Send Hold Timer Expired)"));

    [TestCase(RouteRefreshSubtype.Normal, "0019 00 46")]
    [TestCase(RouteRefreshSubtype.BeginningOfRouteRefresh, "0019 01 46")]
    [TestCase(RouteRefreshSubtype.EndOfRouteRefresh, "0001 02 01")]
    public void RouteRefreshRoundTrips(RouteRefreshSubtype subtype, string bodyHex)
    {
        var family = subtype == RouteRefreshSubtype.EndOfRouteRefresh ? AfiSafi.Ipv4Unicast : AfiSafi.L2vpnEvpn;
        var message = new RouteRefreshMessage(family, subtype);

        var frame = Frame(message);

        Assert.That(ToHex(frame.AsSpan(19)), Is.EqualTo(ToHex(Hex(bodyHex))));
        Assert.That(BgpMessageCodec.Decode(frame), Is.EqualTo(message));
    }

    [Test]
    public void RouteRefreshWithBadLengthIsInvalidMessageLengthCarryingTheMessage()
    {
        var frame = Message(5, Hex("0019 01 46 00"));

        var error = Assert.Throws<BgpProtocolException>(() => BgpMessageCodec.Decode(frame))!;

        Assert.That((error.Code, error.Subcode), Is.EqualTo((NotificationCode.RouteRefreshMessageError, (byte)1)));
        Assert.That(error.Data, Is.EqualTo(frame));
    }
}
