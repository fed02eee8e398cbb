using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Session.SessionTestData;

namespace Evpnd.Bgp.Tests.Session;

public sealed class OpenNegotiationTests
{
    [Test]
    public void Check_AcceptsAGoodOpen()
    {
        Assert.That(OpenNegotiation.Check(PeerOpen(), Settings()), Is.Null);
    }

    [Test]
    public void Check_Version3_Is2_1WithOurVersionAsData()
    {
        var n = OpenNegotiation.Check(PeerOpen(version: 3), Settings())!;
        Assert.That(n.ToString(), Is.EqualTo("2/1 (OPEN Message Error/Unsupported Version Number)"));
        Assert.That(n.Data, Is.EqualTo(new byte[] { 0, 4 }));
    }

    [Test]
    public void Check_WrongAs_Is2_2()
    {
        Assert.That(OpenNegotiation.Check(PeerOpen(asn: 65003), Settings())!.ToString(), Is.EqualTo("2/2 (OPEN Message Error/Bad Peer AS)"));
    }

    [TestCase(RemoteAsKind.Internal, LocalAs, true)]
    [TestCase(RemoteAsKind.Internal, PeerAs, false)]
    [TestCase(RemoteAsKind.External, PeerAs, true)]
    [TestCase(RemoteAsKind.External, LocalAs, false)]
    public void Check_InternalExternal(RemoteAsKind kind, uint peerAs, bool accepted)
    {
        var n = OpenNegotiation.Check(PeerOpen(asn: peerAs), Settings(kind: kind));
        Assert.That(n is null, Is.EqualTo(accepted));
        if (!accepted)
        {
            Assert.That((n!.Code, n.Subcode), Is.EqualTo((NotificationCode.OpenMessageError, OpenMessageErrorSubcode.BadPeerAs)));
        }
    }

    [Test]
    public void Check_FourByteAsAgainstConfiguredRemoteAs_UsesTheCapability()
    {
        var open = PeerOpen(asn: 4200000001);
        Assert.That(open.MyAs, Is.EqualTo(OpenMessage.AsTrans));
        Assert.That(OpenNegotiation.Check(open, Settings(remoteAs: 4200000001)), Is.Null);
        Assert.That(OpenNegotiation.Check(open, Settings(remoteAs: OpenMessage.AsTrans))!.Subcode, Is.EqualTo(OpenMessageErrorSubcode.BadPeerAs));
    }

    [Test]
    public void Check_ZeroIdentifier_Is2_3()
    {
        Assert.That(OpenNegotiation.Check(PeerOpen(id: 0), Settings())!.ToString(), Is.EqualTo("2/3 (OPEN Message Error/Bad BGP Identifier)"));
    }

    [Test]
    public void Check_OurIdentifierOnIbgp_Is2_3_ButAllowedOnEbgp()
    {
        Assert.That(OpenNegotiation.Check(PeerOpen(asn: LocalAs, id: LocalId), Settings(kind: RemoteAsKind.Internal))!.Subcode,
            Is.EqualTo(OpenMessageErrorSubcode.BadBgpIdentifier));
        Assert.That(OpenNegotiation.Check(PeerOpen(id: LocalId), Settings()), Is.Null);
    }

    [TestCase(1, true)]
    [TestCase(2, true)]
    [TestCase(0, false)]
    [TestCase(3, false)]
    public void Check_HoldTimeOneOrTwo_Is2_6(int hold, bool rejected)
    {
        var n = OpenNegotiation.Check(PeerOpen(hold: (ushort)hold), Settings());
        Assert.That(n?.ToString(), Is.EqualTo(rejected ? "2/6 (OPEN Message Error/Unacceptable Hold Time)" : null));
    }

    [TestCase(90, 180, null, 90, 30)]
    [TestCase(90, 9, null, 9, 3)]
    [TestCase(9, 90, null, 9, 3)]
    [TestCase(90, 0, null, 0, 0)]
    [TestCase(90, 90, 10, 90, 10)]
    [TestCase(90, 9, 10, 9, 3)]
    [TestCase(90, 3, null, 3, 1)]
    public void Negotiate_HoldIsMinimumAndKeepaliveConfiguredOrAThird(int ours, int theirs, int? keepalive, int hold, int expectedKeepalive)
    {
        var settings = Settings(hold: (ushort)ours, keepalive: (ushort?)keepalive);
        var n = OpenNegotiation.Negotiate(settings.BuildOpen(), PeerOpen(hold: (ushort)theirs), settings);
        Assert.That((n.HoldTime, n.KeepaliveTime), Is.EqualTo(((ushort)hold, (ushort)expectedKeepalive)));
    }

    [Test]
    public void Negotiate_FamiliesAreTheIntersection()
    {
        var settings = Settings(families: [AfiSafi.L2vpnEvpn, AfiSafi.Ipv4Unicast]);
        var peer = PeerOpen(extra: [new MultiprotocolCapability(AfiSafi.Ipv6Unicast)]);
        var n = OpenNegotiation.Negotiate(settings.BuildOpen(), peer, settings);
        Assert.That(n.Families, Is.EqualTo(new[] { AfiSafi.L2vpnEvpn }));
    }

    [Test]
    public void Negotiate_PeerWithoutMultiprotocol_SpeaksIpv4UnicastOnly()
    {
        var settings = Settings(families: [AfiSafi.L2vpnEvpn]);
        var peer = new OpenMessage((ushort)PeerAs, 90, PeerId, [RouteRefreshCapability.Instance]);
        var n = OpenNegotiation.Negotiate(settings.BuildOpen(), peer, settings);
        Assert.That(n.Families, Is.Empty);
        Assert.That(n.FourOctetAs, Is.False);
    }

    [Test]
    public void Negotiate_CapabilitiesNeedBothSides()
    {
        var settings = Settings();
        var gr = new GracefulRestartCapability(true, false, 300, []);
        var peer = PeerOpen(extra: [ExtendedMessageCapability.Instance, gr]);
        var n = OpenNegotiation.Negotiate(settings.BuildOpen(), peer, settings);
        Assert.That(n.FourOctetAs, Is.True);
        Assert.That(n.RouteRefresh, Is.True);
        Assert.That(n.EnhancedRouteRefresh, Is.False);
        Assert.That(n.ExtendedMessage, Is.True);
        Assert.That(n.MaxMessageLength, Is.EqualTo(65535));
        Assert.That(n.PeerGracefulRestart, Is.EqualTo(gr));
        Assert.That(n.IsInternal, Is.False);
    }

    [Test]
    public void BuildOpen_TwoByteAs_SendsItInMyAs()
    {
        var open = Settings().BuildOpen();
        Assert.That(open.MyAs, Is.EqualTo((ushort)LocalAs));
        Assert.That(open.Asn, Is.EqualTo(LocalAs));
        Assert.That(open.HoldTime, Is.EqualTo(90));
        Assert.That(open.BgpIdentifier, Is.EqualTo(LocalId));
    }

    [Test]
    public void BuildOpen_FourByteAs_SendsAsTransAndTheCapability()
    {
        var open = Settings(localAs: 4200000002).BuildOpen();
        Assert.That(open.MyAs, Is.EqualTo(OpenMessage.AsTrans));
        Assert.That(open.Asn, Is.EqualTo(4200000002u));
    }

    [Test]
    public void BuildOpen_AdvertisesTheAgreedCapabilities()
    {
        var open = Settings().BuildOpen();
        Assert.That(open.Capabilities.Select(CapabilityNames.Name), Is.EqualTo(new[]
        {
            "multiprotocol(l2vpn-evpn)", "route-refresh", "enhanced-route-refresh", "4-octet-as", "extended-message", "graceful-restart",
        }));
        var gr = open.Capabilities.OfType<GracefulRestartCapability>().Single();
        // A cold start: the kernel kept nothing, so neither R nor F; N always (RFC 8538).
        Assert.That(gr, Is.EqualTo(new GracefulRestartCapability(false, true, 120, [new GracefulRestartFamily(AfiSafi.L2vpnEvpn, false)])));
    }

    [Test]
    public void BuildOpen_AfterARestartWithForwardingKept_SetsRAndF_ThenOnlyFOnceConverged()
    {
        var state = new LocalRestartState();
        state.Started(forwardingStateKept: true);
        var settings = Settings() with { RestartState = state, GracefulRestart = new GracefulRestartConfig { RestartTime = 300 } };
        var gr = settings.BuildOpen().Capabilities.OfType<GracefulRestartCapability>().Single();
        Assert.That(gr, Is.EqualTo(new GracefulRestartCapability(true, true, 300, [new GracefulRestartFamily(AfiSafi.L2vpnEvpn, true)])));

        state.Converged();
        gr = settings.BuildOpen().Capabilities.OfType<GracefulRestartCapability>().Single();
        Assert.That((gr.RestartState, gr.Families[0].ForwardingPreserved), Is.EqualTo((false, true)));
    }

    [Test]
    public void BuildOpen_GracefulRestartOff_GlobalOrForTheNeighbor_AdvertisesNoCapability()
    {
        var global = Settings() with { GracefulRestart = new GracefulRestartConfig { Enabled = false } };
        var settings = Settings();
        var neighbor = settings with { Peer = settings.Peer with { GracefulRestart = false } };
        Assert.That(global.BuildOpen().Has<GracefulRestartCapability>(), Is.False);
        Assert.That(neighbor.BuildOpen().Has<GracefulRestartCapability>(), Is.False);
    }

    [TestCase(true, true, true, true)]
    [TestCase(true, false, true, false)]
    [TestCase(false, false, false, false)]
    public void Negotiate_GracefulRestartAndTheNBit_NeedBothSides(bool peerSendsGr, bool peerSetsN, bool graceful, bool notification)
    {
        var settings = Settings();
        Capability[] extra = peerSendsGr ? [new GracefulRestartCapability(false, peerSetsN, 120, [new GracefulRestartFamily(AfiSafi.L2vpnEvpn, true)])] : [];
        var n = OpenNegotiation.Negotiate(settings.BuildOpen(), PeerOpen(extra: extra), settings);
        Assert.That((n.GracefulRestart, n.GracefulNotification), Is.EqualTo((graceful, notification)));
        Assert.That(n.PeerPreservesForwarding(AfiSafi.L2vpnEvpn), Is.EqualTo(peerSendsGr));
        Assert.That(n.PeerRestartsGracefully(AfiSafi.L2vpnEvpn), Is.EqualTo(peerSendsGr));
    }

    [Test]
    public void Negotiate_OursOff_NoGracefulRestartEvenIfThePeerSendsIt()
    {
        var settings = Settings() with { GracefulRestart = new GracefulRestartConfig { Enabled = false } };
        var peer = PeerOpen(extra: [new GracefulRestartCapability(false, true, 120, [new GracefulRestartFamily(AfiSafi.L2vpnEvpn, true)])]);
        var n = OpenNegotiation.Negotiate(settings.BuildOpen(), peer, settings);
        Assert.That((n.GracefulRestart, n.GracefulNotification), Is.EqualTo((false, false)));
    }
}
