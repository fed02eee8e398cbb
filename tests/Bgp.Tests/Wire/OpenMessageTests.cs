using System.Collections.Immutable;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Wire.WireBytes;

namespace Evpnd.Bgp.Tests.Wire;

public sealed class OpenMessageTests
{
    private static IEnumerable<TestCaseData> Capabilities()
    {
        yield return new TestCaseData(new MultiprotocolCapability(AfiSafi.L2vpnEvpn), "01040019 0046").SetName("Multiprotocol L2VPN EVPN");
        yield return new TestCaseData(RouteRefreshCapability.Instance, "0200").SetName("Route refresh");
        yield return new TestCaseData(EnhancedRouteRefreshCapability.Instance, "4600").SetName("Enhanced route refresh");
        yield return new TestCaseData(ExtendedMessageCapability.Instance, "0600").SetName("Extended message");
        yield return new TestCaseData(new FourOctetAsCapability(4200000001), "4104fa56ea01").SetName("4-octet AS");
        yield return new TestCaseData(
            new GracefulRestartCapability(true, true, 120, [new GracefulRestartFamily(AfiSafi.L2vpnEvpn, true), new GracefulRestartFamily(AfiSafi.Ipv4Unicast, false)]),
            "400a c078 00194680 00010100").SetName("Graceful restart R N 120s two families");
        yield return new TestCaseData(
            new GracefulRestartCapability(false, true, 120, [new GracefulRestartFamily(AfiSafi.L2vpnEvpn, false)]),
            "4006 4078 00194600").SetName("Graceful restart N only, EVPN without F (our cold start)");
        yield return new TestCaseData(new GracefulRestartCapability(false, false, 4095, []), "4002 0fff").SetName("Graceful restart helper only, largest restart time");
        yield return new TestCaseData(new AddPathCapability([(AfiSafi.L2vpnEvpn, AddPathMode.Both)]), "4504 00194603").SetName("ADD-PATH");
        yield return new TestCaseData(new UnknownCapability(73, [5, 108, 101, 97, 102, 49, 0]), "4907 056c656166 3100").SetName("Unknown (FQDN) kept");
    }

    [TestCaseSource(nameof(Capabilities))]
    public void CapabilityRoundTripsWithItsRfcEncoding(Capability capability, string expectedHex)
    {
        var open = new OpenMessage(65001, 9, 0x0AFF0001, [capability]);

        var frame = Frame(open);
        var decoded = (OpenMessage)BgpMessageCodec.Decode(frame);

        // Version 4, AS 65001, hold 9, id, then one Capabilities parameter holding the capability.
        var capabilityBytes = Hex(expectedHex);
        Assert.That(ToHex(frame.AsSpan(29 + 2)), Is.EqualTo(ToHex(capabilityBytes)));
        Assert.That(decoded, Is.EqualTo(open));
        Assert.That(decoded.Capabilities.Single(), Is.EqualTo(capability));
    }

    [Test]
    public void OpenRoundTripsWithAllItsFields()
    {
        var open = new OpenMessage(OpenMessage.AsTrans, 180, 0xC0A80001,
            [new MultiprotocolCapability(AfiSafi.L2vpnEvpn), RouteRefreshCapability.Instance, new FourOctetAsCapability(4200000001)]);

        var frame = Frame(open);
        var decoded = (OpenMessage)BgpMessageCodec.Decode(frame);

        Assert.That(frame.Length, Is.EqualTo(29 + 2 + 6 + 2 + 6));
        Assert.That(frame[19..29], Is.EqualTo(Hex("04 5ba0 00b4 c0a80001 10")));
        Assert.That(decoded, Is.EqualTo(open));
        Assert.That(decoded.Asn, Is.EqualTo(4200000001u));
        Assert.That(decoded.Families, Is.EqualTo(new[] { AfiSafi.L2vpnEvpn }));
    }

    [Test]
    public void OneParameterPerCapabilityAsGoBgpSendsItReEncodesTheSame()
    {
        // GoBGP puts every capability in its own optional parameter.
        var body = Hex("04 fde9 005a 0a000001 14 0206 01040019 0046 0202 0200 0206 4104 0000fde9");
        var frame = Message(1, body);

        var decoded = (OpenMessage)BgpMessageCodec.Decode(frame);

        Assert.That(decoded.Capabilities, Has.Length.EqualTo(3));
        Assert.That(decoded.CapabilitiesPerParameter, Is.EqualTo(new[] { 1, 1, 1 }));
        Assert.That(Frame(decoded), Is.EqualTo(frame));
    }

    [Test]
    public void ExtendedOptionalParametersAreReadAndWritten()
    {
        // RFC 9072: Non-Ext OP Len 255, Non-Ext OP Type 255, 2-octet length, 2-octet parameter lengths.
        var body = Hex("04 fde9 005a 0a000001 ff ff 0009 02 0006 4104 0000fde9");
        var frame = Message(1, body);

        var decoded = (OpenMessage)BgpMessageCodec.Decode(frame);

        Assert.That(decoded.Capabilities.Single(), Is.EqualTo(new FourOctetAsCapability(65001)));
        Assert.That(decoded.UsesExtendedParameters, Is.True);
        Assert.That(Frame(decoded), Is.EqualTo(frame));
    }

    [Test]
    public void CapabilitiesLongerThan255BytesUseTheExtendedForm()
    {
        var many = Enumerable.Range(1, 70).Select(i => (Capability)new MultiprotocolCapability(new AfiSafi((ushort)i, 1))).ToImmutableArray();
        var open = new OpenMessage(65001, 90, 1, many);

        var frame = Frame(open);

        Assert.That(frame[28], Is.EqualTo(255));
        Assert.That(frame[29], Is.EqualTo(255));
        Assert.That(BgpMessageCodec.Decode(frame), Is.EqualTo(open));
    }

    private static BgpProtocolException DecodeError(string bodyHex) =>
        Assert.Throws<BgpProtocolException>(() => BgpMessageCodec.Decode(Message(1, Hex(bodyHex))))!;

    [TestCase("03")]
    [TestCase("05")]
    public void UnsupportedVersionIs2Slash1WithVersion4AsData(string version)
    {
        var error = DecodeError(version + " fde9 005a 0a000001 00");

        Assert.That((error.Code, error.Subcode, error.Data), Is.EqualTo((NotificationCode.OpenMessageError, (byte)1, new byte[] { 0, 4 })));
    }

    [TestCase("0001")]
    [TestCase("0002")]
    public void HoldTimeOneOrTwoIsUnacceptable(string hold)
    {
        var error = DecodeError("04 fde9 " + hold + " 0a000001 00");

        Assert.That((error.Code, error.Subcode), Is.EqualTo((NotificationCode.OpenMessageError, (byte)6)));
    }

    [TestCase("0000")]
    [TestCase("0003")]
    public void HoldTimeZeroOrThreeIsAccepted(string hold)
    {
        var open = (OpenMessage)BgpMessageCodec.Decode(Message(1, Hex("04 fde9 " + hold + " 0a000001 00")));

        Assert.That(open.HoldTime, Is.EqualTo(Convert.ToUInt16(hold, 16)));
    }

    [Test]
    public void NonCapabilityOptionalParameterIsUnsupportedOptionalParameter()
    {
        // Type 1 (the deprecated Authentication parameter).
        var error = DecodeError("04 fde9 005a 0a000001 04 0102 abcd");

        Assert.That((error.Code, error.Subcode), Is.EqualTo((NotificationCode.OpenMessageError, (byte)4)));
    }

    private static IEnumerable<TestCaseData> MalformedParameters()
    {
        yield return new TestCaseData("04 fde9 005a 0a000001 08 0206 4105 0000fde9").SetName("Capability length overruns the parameter");
        yield return new TestCaseData("04 fde9 005a 0a000001 06 0204 4106 0000fd").SetName("Truncated capability");
        yield return new TestCaseData("04 fde9 005a 0a000001 03 0201 41").SetName("Capability header cut short");
        yield return new TestCaseData("04 fde9 005a 0a000001 09 0206 4104 0000fde9").SetName("Optional parameters length beyond the message");
        yield return new TestCaseData("04 fde9 005a 0a000001 05 0203 0101 00").SetName("Multiprotocol capability of length 1");
        yield return new TestCaseData("04 fde9 005a 0a000001 05 0203 4101 00").SetName("4-octet AS capability of length 1");
        yield return new TestCaseData("04 fde9 005a 0a000001 ff ff 00").SetName("Truncated RFC 9072 length");
    }

    [TestCaseSource(nameof(MalformedParameters))]
    public void MalformedParametersAreOpenMessageErrorUnspecific(string bodyHex)
    {
        var error = DecodeError(bodyHex);

        Assert.That((error.Code, error.Subcode), Is.EqualTo((NotificationCode.OpenMessageError, (byte)0)));
    }
}
