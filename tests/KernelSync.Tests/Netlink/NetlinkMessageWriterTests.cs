using System.Net;
using Evpnd.KernelSync.Netlink;

namespace Evpnd.KernelSync.Tests.Netlink;

[TestFixture]
public sealed class NetlinkMessageWriterTests
{
    [Test]
    public void RemoteMacOnAVlanAwareBridgeEncodesAsZebraWouldSendIt()
    {
        // RTM_NEWNEIGH, REQUEST|ACK|REPLACE|CREATE, seq 7; ndmsg AF_BRIDGE ifindex 3,
        // NUD_REACHABLE, NTF_MASTER|NTF_SELF|NTF_EXT_LEARNED; LLADDR, DST, MASTER, VLAN 10.
        var expected = Convert.FromHexString(
            "400000001c00050507000000000000000700000003000000020016000a00020002aabbccdd010000080001000a000002080009000200000006000500" + "0a000000");
        var entry = new RemoteMacEntry(3, 2, MacAddress.Parse("02:aa:bb:cc:dd:01"), IPAddress.Parse("10.0.0.2"), Vlan: 10);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new NetlinkMessageWriter(buffer);

        FdbMessages.WriteRemoteMac(ref writer, 7, entry, delete: false);

        Assert.That(Convert.ToHexString(writer.Written), Is.EqualTo(Convert.ToHexString(expected)));
    }

    [Test]
    public void NestedScopeBackFillsItsLengthAndTheMessageLength()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new NetlinkMessageWriter(buffer);

        writer.BeginMessage(16, 0x5, 1);
        using (writer.BeginNested(18))
        {
            writer.WriteAttribute(1, "vxlan\0"u8);
            using (writer.BeginNested(2))
            {
                writer.WriteAttributeUInt32(1, 100);
            }
        }

        writer.EndMessage();

        // nested(18) = 4 + kind(4+6 -> 12) + nested(2)(4 + 8) = 28 bytes.
        var expected = "2c000000100005000100000000000000" + "1c001280" + "0a00010076786c616e000000" + "0c000280" + "0800010064000000";
        Assert.That(Convert.ToHexString(writer.Written), Is.EqualTo(expected.ToUpperInvariant()));
        var reader = new NetlinkMessageReader(writer.Written);
        Assert.That(reader.TryRead(out var message), Is.True);
        var attributes = new NetlinkAttributeReader(message.Payload);
        Assert.That(attributes.TryRead(out var linkInfo), Is.True);
        Assert.That(linkInfo.Type, Is.EqualTo(18), "NLA_F_NESTED is masked off");
        var inner = linkInfo.GetNested();
        Assert.That(inner.TryRead(out var kind) && kind.GetString() == "vxlan", Is.True);
        Assert.That(inner.TryRead(out var data), Is.True);
        var vni = data.GetNested();
        Assert.That(vni.TryRead(out var id) ? id.GetUInt32() : 0u, Is.EqualTo(100u));
    }

    [Test]
    public void AnAttributeClaimingMoreThanRemainsIsRejected()
    {
        var bytes = Convert.FromHexString("20000100aabbccdd");
        var reader = new NetlinkAttributeReader(bytes);
        var threw = false;
        try
        {
            reader.TryRead(out _);
        }
        catch (NetlinkProtocolException)
        {
            threw = true;
        }

        Assert.That(threw, Is.True);
    }

    [Test]
    public void ExtendedAckTextIsFoundAfterAnEchoedRequestToo()
    {
        // Without NETLINK_CAP_ACK the kernel echoes the whole request before the TLVs.
        var echoed = Convert.FromHexString("1c0000001c000500090000000000000007000000630000000200160000000000");
        var payload = new List<byte>();
        payload.AddRange(BitConverter.GetBytes(-19));
        payload.AddRange(echoed.AsSpan(0, 28).ToArray());
        payload.AddRange(Convert.FromHexString("0c000100626164206465760000000000")[..12]);
        var message = Lab.ScriptedTransport.Message(2, 0x200, 9, 1, payload.ToArray());
        var reader = new NetlinkMessageReader(message);
        reader.TryRead(out var error);

        var errno = error.ReadError(out var text);

        Assert.That(errno, Is.EqualTo(19));
        Assert.That(text, Is.EqualTo("bad dev"));
    }
}
