using System.Net;
using System.Net.Sockets;
using static Evpnd.KernelSync.Interop.Interop.Libc;
using static Evpnd.KernelSync.Interop.Interop.Neighbour;
using static Evpnd.KernelSync.Interop.Interop.Netlink;
using static Evpnd.KernelSync.Interop.Interop.Rtnetlink;

namespace Evpnd.KernelSync.Netlink;

/// <summary>Encodes and decodes AF_INET/AF_INET6 neighbour (ARP/ND) messages.</summary>
internal static class NeighborMessages
{
    /// <summary>
    /// Remote neighbour for ARP/ND suppression: NTF_EXT_LEARNED and NUD_NOARP as zebra installs
    /// them (the kernel neither probes nor ages them), NDA_PROTOCOL = RTPROT_BGP so that
    /// `ip neigh` and our own dumps can tell them apart from entries learned on the wire.
    /// </summary>
    public static void WriteNeighbor(ref NetlinkMessageWriter writer, uint sequence, in NeighborEntry entry, bool delete)
    {
        var flags = (ushort)(NLM_F_REQUEST | NLM_F_ACK | (delete ? 0 : NLM_F_CREATE | NLM_F_REPLACE));
        writer.BeginMessage(delete ? RTM_DELNEIGH : RTM_NEWNEIGH, flags, sequence);
        writer.WriteStruct(new Interop.Interop.ndmsg
        {
            ndm_family = Family(entry.Address),
            ndm_ifindex = entry.Ifindex,
            ndm_state = NUD_NOARP,
            ndm_flags = delete ? (byte)0 : (byte)(NTF_EXT_LEARNED | (entry.Router ? NTF_ROUTER : 0)),
        });
        writer.WriteAttributeAddress(NDA_DST, entry.Address);
        if (!delete)
        {
            Span<byte> mac = stackalloc byte[6];
            entry.Mac.Write(mac);
            writer.WriteAttribute(NDA_LLADDR, mac);
            writer.WriteAttributeUInt8(NDA_PROTOCOL, RTPROT_BGP);
        }

        writer.EndMessage();
    }

    /// <summary>Neighbour dump of one family; NDA_IFINDEX asks the kernel to filter by device.</summary>
    public static void WriteDumpRequest(ref NetlinkMessageWriter writer, uint sequence, byte family, int ifindex)
    {
        writer.BeginMessage(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, sequence);
        writer.WriteStruct(new Interop.Interop.ndmsg { ndm_family = family });
        if (ifindex != 0)
        {
            writer.WriteAttributeUInt32(NDA_IFINDEX, (uint)ifindex);
        }

        writer.EndMessage();
    }

    public static bool IsInetFamily(in NetlinkMessage message) =>
        message.Payload.Length >= 1 && message.Payload[0] is AF_INET or AF_INET6;

    /// <summary>Decodes RTM_NEWNEIGH/RTM_DELNEIGH of family AF_INET/AF_INET6.</summary>
    public static NeighborRecord? Parse(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<Interop.Interop.ndmsg>();
        IPAddress? address = null;
        MacAddress? mac = null;
        byte protocol = 0;
        var reader = message.GetAttributes<Interop.Interop.ndmsg>();
        while (reader.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case NDA_DST:
                    address = attribute.GetAddress();
                    break;
                case NDA_LLADDR when attribute.Value.Length == 6:
                    mac = MacAddress.Read(attribute.Value);
                    break;
                case NDA_PROTOCOL:
                    protocol = attribute.GetUInt8();
                    break;
            }
        }

        return address is null
            ? null
            : new NeighborRecord(header.ndm_ifindex, address, mac, (NeighborStates)header.ndm_state, (NeighborFlags)header.ndm_flags, protocol);
    }

    public static byte Family(in IpAddressValue address) => address.IsIPv6 ? (byte)AF_INET6 : (byte)AF_INET;

    public static byte Family(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? (byte)AF_INET6 : (byte)AF_INET;
}
