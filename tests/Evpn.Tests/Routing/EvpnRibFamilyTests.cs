using Evpnd.Bgp.Rib;
using Evpnd.Evpn.Routing;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Routing;

public sealed class EvpnRibFamilyTests
{
    private static readonly RouteDistinguisher s_rd = RouteDistinguisher.Parse("10.0.0.2:1");
    private static readonly MacAddress s_mac = MacAddress.Parse("02:00:00:00:00:01");

    [Test]
    public void Type_2_routes_differing_only_in_labels_and_ESI_have_one_key()
    {
        var a = new MacIpAdvertisementRoute(s_rd, EthernetSegmentId.Zero, new EthernetTag(0), s_mac, IpAddressValue.Parse("192.168.1.1"), 100);
        var b = a with { Esi = EthernetSegmentId.Parse("00:11:22:33:44:55:66:77:88:99"), Label1 = 200, Label2 = 5000 };

        Assert.That(Key(b.Encode()), Is.EqualTo(Key(a.Encode())));
    }

    [Test]
    public void Type_2_routes_with_another_RD_MAC_IP_or_Ethernet_Tag_have_other_keys()
    {
        var a = new MacIpAdvertisementRoute(s_rd, EthernetSegmentId.Zero, new EthernetTag(0), s_mac, IpAddressValue.Parse("192.168.1.1"), 100);
        var others = new EvpnRoute[]
        {
            a with { Rd = RouteDistinguisher.Parse("10.0.0.3:1") },
            a with { Mac = MacAddress.Parse("02:00:00:00:00:02") },
            a with { Ip = IpAddressValue.Parse("192.168.1.2") },
            a with { Ip = IpAddressValue.None },
            a with { EthernetTag = new EthernetTag(1) },
        };

        var keys = others.Select(r => Convert.ToHexString(Key(r.Encode()))).Append(Convert.ToHexString(Key(a.Encode())));
        Assert.That(keys, Is.Unique);
    }

    [Test]
    public void Type_3_key_is_RD_Ethernet_Tag_and_originator()
    {
        var a = new InclusiveMulticastRoute(s_rd, new EthernetTag(0), IpAddressValue.Parse("10.0.0.2"));

        Assert.That(Key(a.Encode()), Is.EqualTo(a.Encode().AsSpan(2).ToArray().Prepend((byte)3).ToArray()));
        Assert.That(Key((a with { Rd = RouteDistinguisher.Parse("10.0.0.3:1") }).Encode()), Is.Not.EqualTo(Key(a.Encode())));
        Assert.That(Key((a with { OriginatingRouter = IpAddressValue.Parse("fd00::2") }).Encode()), Is.Not.EqualTo(Key(a.Encode())));
    }

    [Test]
    public void Type_5_key_leaves_out_ESI_gateway_and_label()
    {
        var a = new IpPrefixRoute(s_rd, EthernetSegmentId.Zero, new EthernetTag(0), 24, IpAddressValue.Parse("192.168.1.0"), IpAddressValue.Parse("0.0.0.0"), 100);
        var b = a with { Gateway = IpAddressValue.Parse("192.168.1.254"), Label = 200 };

        Assert.That(Key(b.Encode()), Is.EqualTo(Key(a.Encode())));
        Assert.That(Key((a with { PrefixLength = 25 }).Encode()), Is.Not.EqualTo(Key(a.Encode())));
    }

    [Test]
    public void Every_key_fits_MaxKeyLength()
    {
        var longest = new MacIpAdvertisementRoute(s_rd, EthernetSegmentId.Zero, new EthernetTag(0), s_mac, IpAddressValue.Parse("fd00::1"), 100, 5000);

        Assert.That(Key(longest.Encode()), Has.Length.EqualTo(EvpnRibFamily.Instance.MaxKeyLength));
    }

    [Test]
    public void ReadNlri_splits_known_unknown_malformed_and_truncated_routes()
    {
        var route = new InclusiveMulticastRoute(s_rd, new EthernetTag(0), IpAddressValue.Parse("10.0.0.2")).Encode();
        byte[] unknown = [9, 3, 1, 2, 3];
        byte[] badLength = [2, 34, .. new byte[34]];
        byte[] block = [.. route, .. unknown];

        Assert.That(EvpnRibFamily.Instance.ReadNlri(block, out int length), Is.EqualTo(NlriReadStatus.Route));
        Assert.That(length, Is.EqualTo(route.Length));
        Assert.That(EvpnRibFamily.Instance.ReadNlri(block.AsSpan(length), out length), Is.EqualTo(NlriReadStatus.Unsupported));
        Assert.That(length, Is.EqualTo(5));
        Assert.That(EvpnRibFamily.Instance.ReadNlri(badLength, out length), Is.EqualTo(NlriReadStatus.Malformed));
        Assert.That(length, Is.EqualTo(36));
        Assert.That(EvpnRibFamily.Instance.ReadNlri(route.AsSpan(0, route.Length - 1), out _), Is.EqualTo(NlriReadStatus.Truncated));
        Assert.That(EvpnRibFamily.Instance.ReadNlri([3], out _), Is.EqualTo(NlriReadStatus.Truncated));
    }

    private static byte[] Key(byte[] nlri)
    {
        Span<byte> key = stackalloc byte[EvpnRibFamily.Instance.MaxKeyLength];
        return key[..EvpnRibFamily.Instance.WriteKey(nlri, key)].ToArray();
    }
}
