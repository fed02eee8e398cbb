using Evpnd.KernelSync.Interop;
using static Evpnd.KernelSync.Interop.Interop.IfLink;
using static Evpnd.KernelSync.Interop.Interop.Libc;
using static Evpnd.KernelSync.Interop.Interop.Neighbour;
using static Evpnd.KernelSync.Interop.Interop.Netlink;
using static Evpnd.KernelSync.Interop.Interop.Rtnetlink;

namespace Evpnd.KernelSync.Netlink;

/// <summary>
/// Encodes and decodes AF_BRIDGE neighbour messages: the bridge and VXLAN forwarding databases,
/// programmed the way FRR's zebra programs them (see REFERENCE.md, "Kernel").
/// </summary>
internal static class FdbMessages
{
    /// <summary>Upper bound of one encoded request, for sizing batch buffers.</summary>
    public const int MaxRequestLength = 160;

    /// <summary>
    /// Flood-list entry: 00:00:00:00:00:00 dst VTEP self permanent. NLM_F_APPEND adds one more
    /// remote to the all-zero entry instead of replacing the VTEPs already there.
    /// </summary>
    public static void WriteFloodEntry(ref NetlinkMessageWriter writer, uint sequence, in FloodEntry entry, bool delete)
    {
        var flags = (ushort)(NLM_F_REQUEST | NLM_F_ACK | (delete ? 0 : NLM_F_CREATE | NLM_F_APPEND));
        writer.BeginMessage(delete ? RTM_DELNEIGH : RTM_NEWNEIGH, flags, sequence);
        writer.WriteStruct(new Interop.Interop.ndmsg
        {
            ndm_family = AF_BRIDGE,
            ndm_ifindex = entry.VxlanIfindex,
            ndm_state = NUD_NOARP | NUD_PERMANENT,
            ndm_flags = NTF_SELF,
        });
        Span<byte> zero = stackalloc byte[6];
        zero.Clear();
        writer.WriteAttribute(NDA_LLADDR, zero);
        // With NDA_DST only this VTEP leaves the flood list; without it the whole entry would go.
        writer.WriteAttributeAddress(NDA_DST, entry.RemoteVtep);
        if (entry.SourceVni != 0)
        {
            writer.WriteAttributeUInt32(NDA_SRC_VNI, entry.SourceVni);
        }

        writer.EndMessage();
    }

    /// <summary>
    /// Remote MAC: NTF_MASTER|NTF_SELF makes the kernel write the bridge entry and the VXLAN entry
    /// (dst = remote VTEP) in one request; CREATE|REPLACE turns a MAC move into an update.
    /// Sticky MACs (RFC 7432 s15.2) are static (NUD_NOARP) and NTF_STICKY instead of
    /// NTF_EXT_LEARNED; NUD_REACHABLE stays because the VXLAN driver insists on it.
    /// A delete leaves NDA_DST out so the VXLAN entry goes whatever VTEP it points at.
    /// </summary>
    public static void WriteRemoteMac(ref NetlinkMessageWriter writer, uint sequence, in RemoteMacEntry entry, bool delete, bool selfOnly = false)
    {
        var flags = (ushort)(NLM_F_REQUEST | NLM_F_ACK | (delete ? 0 : NLM_F_CREATE | NLM_F_REPLACE));
        writer.BeginMessage(delete ? RTM_DELNEIGH : RTM_NEWNEIGH, flags, sequence);
        var ntf = selfOnly ? NTF_SELF : (byte)(NTF_MASTER | NTF_SELF);
        ushort nud = NUD_REACHABLE;
        if (!delete)
        {
            if (entry.Sticky)
            {
                ntf |= NTF_STICKY;
                nud |= NUD_NOARP;
            }
            else
            {
                ntf |= NTF_EXT_LEARNED;
            }
        }

        writer.WriteStruct(new Interop.Interop.ndmsg
        {
            ndm_family = AF_BRIDGE,
            ndm_ifindex = entry.VxlanIfindex,
            ndm_state = nud,
            ndm_flags = ntf,
        });
        Span<byte> mac = stackalloc byte[6];
        entry.Mac.Write(mac);
        writer.WriteAttribute(NDA_LLADDR, mac);
        if (!delete)
        {
            writer.WriteAttributeAddress(NDA_DST, entry.RemoteVtep);
            if (entry.BridgeIfindex != 0)
            {
                writer.WriteAttributeUInt32(NDA_MASTER, (uint)entry.BridgeIfindex);
            }
        }

        if (entry.Vlan != 0)
        {
            writer.WriteAttributeUInt16(NDA_VLAN, entry.Vlan);
        }

        if (entry.SourceVni != 0)
        {
            writer.WriteAttributeUInt32(NDA_SRC_VNI, entry.SourceVni);
        }

        writer.EndMessage();
    }

    /// <summary>
    /// FDB dump. A 16-byte ifinfomsg header (not ndmsg) selects the kernel's filtering dump:
    /// ifi_index limits it to one port/device, IFLA_MASTER to one bridge (rtnl_fdb_dump).
    /// </summary>
    public static void WriteDumpRequest(ref NetlinkMessageWriter writer, uint sequence, int deviceIfindex, int bridgeIfindex)
    {
        writer.BeginMessage(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, sequence);
        writer.WriteStruct(new Interop.Interop.ifinfomsg { ifi_family = AF_BRIDGE, ifi_index = deviceIfindex });
        if (bridgeIfindex != 0)
        {
            writer.WriteAttributeUInt32(IFLA_MASTER, (uint)bridgeIfindex);
        }

        writer.EndMessage();
    }

    /// <summary>
    /// One FDB entry asked for by key (rtnl_fdb_get): the VXLAN half (NTF_SELF, keyed by MAC and
    /// source VNI, NDA_VNI) or the bridge half through the VXLAN port (NTF_MASTER, by MAC and VLAN).
    /// The kernel answers with the entry as RTM_NEWNEIGH, or ENOENT.
    /// </summary>
    public static void WriteGetRequest(ref NetlinkMessageWriter writer, uint sequence, in RemoteMacKey key, bool bridgeHalf)
    {
        writer.BeginMessage(RTM_GETNEIGH, NLM_F_REQUEST, sequence);
        writer.WriteStruct(new Interop.Interop.ndmsg
        {
            ndm_family = AF_BRIDGE,
            ndm_ifindex = key.VxlanIfindex,
            ndm_flags = bridgeHalf ? NTF_MASTER : NTF_SELF,
        });
        Span<byte> mac = stackalloc byte[6];
        key.Mac.Write(mac);
        writer.WriteAttribute(NDA_LLADDR, mac);
        if (bridgeHalf && key.Vlan != 0)
        {
            writer.WriteAttributeUInt16(NDA_VLAN, key.Vlan);
        }

        if (!bridgeHalf && key.SourceVni != 0)
        {
            writer.WriteAttributeUInt32(NDA_VNI, key.SourceVni);
        }

        writer.EndMessage();
    }

    public static bool IsBridgeFamily(in NetlinkMessage message) =>
        message.Payload.Length >= 1 && message.Payload[0] == AF_BRIDGE;

    /// <summary>Decodes RTM_NEWNEIGH/RTM_DELNEIGH of family AF_BRIDGE.</summary>
    /// <summary>
    /// What a removal on a VXLAN device needs to be judged (the device, the MAC, NDA_DST): read
    /// without building a record, for the bursts of echoes a withdrawal brings.
    /// </summary>
    public static RemoteFdbRemoval ParseRemoval(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<Interop.Interop.ndmsg>();
        var mac = MacAddress.Zero;
        var destination = IpAddressValue.None;
        var reader = message.GetAttributes<Interop.Interop.ndmsg>();
        while (reader.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case NDA_LLADDR when attribute.Value.Length == 6:
                    mac = MacAddress.Read(attribute.Value);
                    break;
                case NDA_DST when attribute.Value.Length is 4 or 16:
                    destination = IpAddressValue.Read(attribute.Value);
                    break;
            }
        }

        return new RemoteFdbRemoval(header.ndm_ifindex, mac, destination);
    }

    public static FdbRecord Parse(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<Interop.Interop.ndmsg>();
        var mac = MacAddress.Zero;
        ushort vlan = 0;
        System.Net.IPAddress? destination = null;
        var master = 0;
        uint sourceVni = 0;
        var reader = message.GetAttributes<Interop.Interop.ndmsg>();
        while (reader.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case NDA_LLADDR when attribute.Value.Length == 6:
                    mac = MacAddress.Read(attribute.Value);
                    break;
                case NDA_DST:
                    destination = attribute.GetAddress();
                    break;
                case NDA_VLAN:
                    vlan = attribute.GetUInt16();
                    break;
                case NDA_MASTER:
                    master = attribute.GetInt32();
                    break;
                case NDA_SRC_VNI:
                    sourceVni = attribute.GetUInt32();
                    break;
            }
        }

        return new FdbRecord(header.ndm_ifindex, mac, vlan, destination, master, (NeighborFlags)header.ndm_flags, (NeighborStates)header.ndm_state, sourceVni);
    }
}
