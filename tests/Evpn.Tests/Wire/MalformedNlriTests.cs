using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Tests.Vectors;
using Evpnd.Evpn.Wire;

namespace Evpnd.Evpn.Tests.Wire;

/// <summary>
/// RFC 7606 treatment of broken EVPN NLRI fields. A route whose length its type does not allow, or
/// a field that ends inside a route, makes the whole field unparseable: session reset with
/// NOTIFICATION 3/9 (RFC 7606 s5.3, s7.11; RFC 4760 s7), and no route of the field is handed out.
/// An unknown route type is skipped (RFC 7606 s5.4).
/// </summary>
public sealed class MalformedNlriTests
{
    private const string Rd = "00010aff00020064";
    private const string Esi = "00000000000000000000";
    private const string Tag = "00000000";

    // A valid route of each type, to put next to the broken one.
    private static readonly string s_validType2 = "0221" + Rd + Esi + Tag + "30" + "02000000bb01" + "00" + "000064";

    [TestCase("0118" + Rd + Esi + Tag + "0000", 1, TestName = "Type 1 with length 24 (must be 25)")]
    [TestCase("0222" + Rd + Esi + Tag + "30" + "02000000bb01" + "00" + "00006400", 2, TestName = "Type 2 with length 34")]
    [TestCase("0224" + Rd + Esi + Tag + "30" + "02000000bb01" + "20" + "c0a8641e" + "0000", 2, TestName = "Type 2 MAC+IPv4 with length 36 (a 2-octet label)")]
    [TestCase("0225" + Rd + Esi + Tag + "30" + "02000000bb01" + "18" + "c0a864" + "000064" + "00", 2, TestName = "Type 2 with IP length 24")]
    [TestCase("0221" + Rd + Esi + Tag + "28" + "02000000bb01" + "00" + "000064", 2, TestName = "Type 2 with MAC length 40")]
    [TestCase("0312" + Rd + Tag + "20" + "0aff000200", 3, TestName = "Type 3 with length 18")]
    [TestCase("0311" + Rd + Tag + "80" + "0aff0002", 3, TestName = "Type 3 with IP length 128 in 17 octets")]
    [TestCase("0418" + Rd + Esi + "20" + "0aff000200", 4, TestName = "Type 4 with length 24")]
    [TestCase("0523" + Rd + Esi + Tag + "18" + "c0a8c800" + "00000000" + "000fa0" + "00", 5, TestName = "Type 5 with length 35")]
    [TestCase("0522" + Rd + Esi + Tag + "21" + "c0a8c800" + "00000000" + "000fa0", 5, TestName = "Type 5 IPv4 with prefix length 33")]
    public void A_wrong_length_for_the_route_type_resets_the_session(string brokenRoute, int routeType)
    {
        var field = Convert.FromHexString(s_validType2 + brokenRoute + s_validType2);

        var result = EvpnNlri.Decode(field);

        Assert.That(result.Validation.Action, Is.EqualTo(UpdateErrorAction.SessionReset));
        Assert.That(result.Validation.Error, Is.EqualTo(EvpnNlriError.BadRouteLength));
        Assert.That(result.Validation.RouteType, Is.EqualTo(routeType));
        Assert.That(result.Validation.Offset, Is.EqualTo(35));
        Assert.That(result.Validation.Notification, Is.EqualTo(
            new NotificationMessage(NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.OptionalAttributeError)).Using<NotificationMessage>(SameNotification));
        Assert.That(result.Routes, Is.Empty, "no route of an unparseable field may be acted on");
    }

    [TestCase(1, TestName = "Truncated inside the last route's body")]
    [TestCase(34, TestName = "Truncated to the last route's type octet")]
    [TestCase(35, TestName = "Truncated after the first route's length octet")]
    public void A_truncated_field_resets_the_session(int cut)
    {
        var captured = EvpnUpdateParts.Of(CapturedVectors.Find("frr-gobgp-ipv4", "frr->gobgp", "MAC Advertisement Route rd=10.255.0.1:2")).ReachNlri!;
        var field = captured.AsSpan(0, captured.Length - cut).ToArray();

        var validation = EvpnNlri.Validate(field);

        Assert.That(validation.Action, Is.EqualTo(UpdateErrorAction.SessionReset));
        Assert.That(validation.Error, Is.EqualTo(EvpnNlriError.Truncated));
        Assert.That(validation.Notification!.Subcode, Is.EqualTo(UpdateMessageErrorSubcode.OptionalAttributeError));
        Assert.That(EvpnNlri.Decode(field).Routes, Is.Empty);
    }

    [Test]
    public void A_single_octet_field_is_truncated()
    {
        Assert.That(EvpnNlri.Validate([0x02]).Error, Is.EqualTo(EvpnNlriError.Truncated));
    }

    [TestCase(6, TestName = "Type 6 (RFC 9251 SMET)")]
    [TestCase(11, TestName = "Type 11")]
    [TestCase(200, TestName = "Type 200")]
    public void An_unknown_route_type_is_skipped_by_its_length(int routeType)
    {
        string unknown = routeType.ToString("x2") + "0b" + Rd + "000000";
        var field = Convert.FromHexString(s_validType2 + unknown + s_validType2.Replace("bb01", "bb02", StringComparison.Ordinal));

        var result = EvpnNlri.Decode(field);

        Assert.That(result.Validation.Action, Is.EqualTo(UpdateErrorAction.None));
        Assert.That(result.Validation.SkippedUnknownRoutes, Is.EqualTo(1));
        Assert.That(result.Routes.Cast<MacIpAdvertisementRoute>().Select(r => r.Mac.ToString()),
            Is.EqualTo(new[] { "02:00:00:00:bb:01", "02:00:00:00:bb:02" }));
    }

    [Test]
    public void An_unknown_route_type_that_overruns_the_field_is_still_truncation()
    {
        var field = Convert.FromHexString(s_validType2 + "0920" + Rd);

        Assert.That(EvpnNlri.Validate(field).Error, Is.EqualTo(EvpnNlriError.Truncated));
    }

    private static bool SameNotification(NotificationMessage? a, NotificationMessage? b) =>
        a is not null && b is not null && a.Code == b.Code && a.Subcode == b.Subcode && a.Data.AsSpan().SequenceEqual(b.Data);
}
