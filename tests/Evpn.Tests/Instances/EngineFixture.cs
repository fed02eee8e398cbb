using System.Net;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>An engine (router id 10.0.0.1, AS 65001) with recorders, and builders for peers' routes.</summary>
internal sealed class EngineFixture
{
    public const uint RouterId = 0x0A00_0001;
    public const uint LocalAs = 65001;

    private static readonly AttributeSetInterner s_interner = new();

    public EngineFixture(Func<EvpnEngineOptions, EvpnEngineOptions>? configure = null)
    {
        var options = new EvpnEngineOptions { RouterId = RouterId, LocalAs = LocalAs, TimeProvider = Time };
        Engine = new EvpnEngine(configure?.Invoke(options) ?? options, Originator, Dataplane);
    }

    public ManualTimeProvider Time { get; } = new();

    public RecordingOriginator Originator { get; } = new();

    public RecordingDataplane Dataplane { get; } = new();

    public EvpnEngine Engine { get; }

    public static Vni Vni100 => new(100);

    public static MacAddress Mac(int n) => new(0x0200_0000_0000UL + (ulong)n);

    /// <summary>Adds VNI 100 with VTEP 10.0.0.1 and auto RD/RTs, and forgets the resulting log.</summary>
    public EngineFixture WithVni100(string vtep = "10.0.0.1")
    {
        Engine.AddOrUpdateLocalVni(new LocalVni(Vni100, IPAddress.Parse(vtep)));
        Originator.Log.Clear();
        Dataplane.Log.Clear();
        return this;
    }

    /// <summary>
    /// A peer's type-2 route: RD = vtep:1, RT 65002:100 unless given, next hop = vtep unless
    /// given, from peer 192.0.2.1 unless given; <paramref name="arpNd"/> adds the RFC 9047 community.
    /// </summary>
    public void RemoteMac(
        MacAddress mac, string vtep, uint sequence = 0, bool sticky = false, string? ip = null, string? rt = null, uint label = 100, bool withdraw = false,
        ArpNdCommunity? arpNd = null, string? nextHop = null, string? peer = null, EthernetSegmentId esi = default, uint? label2 = null) =>
        Deliver(MacChange(mac, vtep, sequence, sticky, ip, rt, label, withdraw, arpNd, nextHop, peer, esi, label2));

    /// <summary>The same route as the RIB hands it over in a best-path batch.</summary>
    public static BestPathChange MacChange(
        MacAddress mac, string vtep, uint sequence = 0, bool sticky = false, string? ip = null, string? rt = null, uint label = 100, bool withdraw = false,
        ArpNdCommunity? arpNd = null, string? nextHop = null, string? peer = null, EthernetSegmentId esi = default, uint? label2 = null)
    {
        var route = new MacIpAdvertisementRoute(
            RdOf(vtep), esi, new EthernetTag(0), mac,
            ip is null ? IpAddressValue.None : IpAddressValue.Parse(ip), label, label2);
        var communities = new List<ExtendedCommunity>
        {
            RouteTarget.Parse(rt ?? "65002:100").ToExtendedCommunity(),
            EncapsulationCommunity.VxlanEncapsulation.ToExtendedCommunity(),
        };
        if (sequence > 0 || sticky)
        {
            communities.Add(new MacMobilityCommunity(sequence, sticky).ToExtendedCommunity());
        }
        if (arpNd is { } flags)
        {
            communities.Add(flags.ToExtendedCommunity());
        }
        return Change(route, communities, null, nextHop ?? vtep, withdraw, peer);
    }

    /// <summary>A peer's type-3 route: RD = vtep:1, originator = vtep, PMSI ingress replication to <paramref name="tunnel"/> (default vtep).</summary>
    public void RemoteImet(string vtep, string? rt = null, string? tunnel = null, PmsiTunnelType type = PmsiTunnelType.IngressReplication, bool pmsi = true, bool withdraw = false, string? nextHop = null) =>
        Deliver(ImetChange(vtep, rt, tunnel, type, pmsi, withdraw, nextHop));

    /// <summary>The same route as the RIB hands it over in a best-path batch.</summary>
    public static BestPathChange ImetChange(string vtep, string? rt = null, string? tunnel = null, PmsiTunnelType type = PmsiTunnelType.IngressReplication, bool pmsi = true, bool withdraw = false, string? nextHop = null)
    {
        var route = new InclusiveMulticastRoute(RdOf(vtep), new EthernetTag(0), IpAddressValue.Parse(vtep));
        PmsiTunnel? attribute = null;
        if (pmsi)
        {
            attribute = type == PmsiTunnelType.IngressReplication
                ? PmsiTunnel.IngressReplication(Vni100, IpAddressValue.Parse(tunnel ?? vtep))
                : new PmsiTunnel(0, type, 100, IpAddressValue.None) { OtherTunnelIdentifier = [10, 9, 9, 9, 239, 1, 1, 1] };
        }
        var communities = new List<ExtendedCommunity>
        {
            RouteTarget.Parse(rt ?? "65002:100").ToExtendedCommunity(),
            EncapsulationCommunity.VxlanEncapsulation.ToExtendedCommunity(),
        };
        return Change(route, communities, attribute, nextHop ?? vtep, withdraw, null);
    }

    /// <summary>The peer's RD: vtep:1 (type 1), or 65002:last-octet for an IPv6 VTEP.</summary>
    private static RouteDistinguisher RdOf(string vtep)
    {
        var address = IPAddress.Parse(vtep);
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? RouteDistinguisher.FromIpv4(address, 1)
            : RouteDistinguisher.FromTwoOctetAs(65002, address.GetAddressBytes()[15]);
    }

    private void Deliver(in BestPathChange change) => Engine.RemoteRouteChanged(change.Nlri.Span, change.Attributes, change.NextHop.Span, change.Peer);

    private static BestPathChange Change(EvpnRoute route, List<ExtendedCommunity> communities, PmsiTunnel? tunnel, string nextHopAddress, bool withdraw, string? peer)
    {
        var nextHop = IPAddress.Parse(nextHopAddress).GetAddressBytes();
        if (withdraw)
        {
            return new BestPathChange { Kind = BestPathChangeKind.Withdrawn, Family = AfiSafi.L2vpnEvpn, Nlri = route.Encode() };
        }
        var attributes = new List<PathAttribute>
        {
            new OriginAttribute(Origin.Igp),
            AsPathAttribute.Sequence(65002),
            new ExtendedCommunitiesAttribute([.. communities]),
        };
        if (tunnel is not null)
        {
            attributes.Add(tunnel.ToAttribute());
        }
        return new BestPathChange
        {
            Kind = BestPathChangeKind.Added,
            Family = AfiSafi.L2vpnEvpn,
            Nlri = route.Encode(),
            Attributes = s_interner.Intern(attributes),
            NextHop = nextHop,
            Peer = IPAddress.Parse(peer ?? "192.0.2.1"),
        };
    }
}
