using System.Net;
using static Evpnd.KernelSync.Interop.Interop.IfLink;
using static Evpnd.KernelSync.Interop.Interop.Libc;
using static Evpnd.KernelSync.Interop.Interop.Netlink;
using static Evpnd.KernelSync.Interop.Interop.Rtnetlink;

namespace Evpnd.KernelSync.Netlink;

/// <summary>Encodes link dumps and decodes RTM_NEWLINK/RTM_DELLINK into <see cref="LinkRecord"/>.</summary>
internal static class LinkMessages
{
    private const ushort IFLA_EXT_MASK = 29;
    private const uint RTEXT_FILTER_SKIP_STATS = 1 << 3;

    public static void WriteDumpRequest(ref NetlinkMessageWriter writer, uint sequence)
    {
        writer.BeginMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, sequence);
        writer.WriteStruct(new Interop.Interop.ifinfomsg { ifi_family = AF_UNSPEC });
        // Counters are most of a link message and of no use here.
        writer.WriteAttributeUInt32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
        writer.EndMessage();
    }

    /// <summary>
    /// True for the per-port messages the bridge sends on RTNLGRP_LINK with ifi_family
    /// AF_BRIDGE: they describe port state, not the device, and an RTM_DELLINK of that family
    /// means "left the bridge", not "device removed".
    /// </summary>
    public static bool IsBridgePortMessage(in NetlinkMessage message) =>
        message.Payload.Length >= 1 && message.Payload[0] == AF_BRIDGE;

    /// <summary>Decodes an RTM_NEWLINK (or RTM_DELLINK) of family AF_UNSPEC.</summary>
    /// <remarks>
    /// <code>
    /// ifinfomsg | IFLA_IFNAME | IFLA_MASTER | IFLA_ADDRESS | IFLA_LINKINFO {
    ///     IFLA_INFO_KIND "vxlan" | IFLA_INFO_DATA { IFLA_VXLAN_ID, IFLA_VXLAN_GROUP(6), IFLA_VXLAN_LOCAL(6),
    ///     IFLA_VXLAN_PORT (network byte order), IFLA_VXLAN_LEARNING, IFLA_VXLAN_COLLECT_METADATA }
    ///     IFLA_INFO_KIND "bridge" | IFLA_INFO_DATA { IFLA_BR_VLAN_FILTERING } }
    /// </code>
    /// </remarks>
    public static LinkRecord Parse(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<Interop.Interop.ifinfomsg>();
        var name = string.Empty;
        string? kind = null;
        var master = 0;
        MacAddress? address = null;
        ReadOnlySpan<byte> infoData = default;
        var reader = message.GetAttributes<Interop.Interop.ifinfomsg>();
        while (reader.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case IFLA_IFNAME:
                    name = attribute.GetString();
                    break;
                case IFLA_MASTER:
                    master = attribute.GetInt32();
                    break;
                case IFLA_ADDRESS when attribute.Value.Length == 6:
                    address = MacAddress.Read(attribute.Value);
                    break;
                case IFLA_LINKINFO:
                    var info = attribute.GetNested();
                    while (info.TryRead(out var item))
                    {
                        if (item.Type == IFLA_INFO_KIND)
                        {
                            kind = item.GetString();
                        }
                        else if (item.Type == IFLA_INFO_DATA)
                        {
                            infoData = item.Value;
                        }
                    }

                    break;
            }
        }

        var vxlan = kind == "vxlan" ? ParseVxlan(infoData) : null;
        var bridge = kind == "bridge" ? ParseBridge(infoData) : null;
        var adminUp = (header.ifi_flags & IFF_UP) != 0;
        var operUp = adminUp && (header.ifi_flags & IFF_LOWER_UP) != 0;
        return new LinkRecord(header.ifi_index, name, kind, master, adminUp, operUp, address, vxlan, bridge);
    }

    private static VxlanAttributes ParseVxlan(ReadOnlySpan<byte> data)
    {
        uint vni = 0;
        IPAddress? local = null;
        ushort port = 0;
        var learning = false;
        var collectMetadata = false;
        var vniFilter = false;
        IPAddress? group = null;
        var reader = new NetlinkAttributeReader(data);
        while (reader.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case IFLA_VXLAN_ID:
                    vni = attribute.GetUInt32();
                    break;
                case IFLA_VXLAN_LOCAL or IFLA_VXLAN_LOCAL6:
                    local = attribute.GetAddress();
                    break;
                case IFLA_VXLAN_GROUP or IFLA_VXLAN_GROUP6:
                    group = attribute.GetAddress();
                    break;
                case IFLA_VXLAN_PORT:
                    // The one big-endian attribute of the VXLAN link (__be16).
                    port = attribute.GetUInt16BigEndian();
                    break;
                case IFLA_VXLAN_LEARNING:
                    learning = attribute.GetUInt8() != 0;
                    break;
                case IFLA_VXLAN_COLLECT_METADATA:
                    collectMetadata = attribute.GetUInt8() != 0;
                    break;
                case IFLA_VXLAN_VNIFILTER:
                    vniFilter = attribute.GetUInt8() != 0;
                    break;
            }
        }

        return new VxlanAttributes(vni, local, port, learning, collectMetadata, vniFilter, group);
    }

    private static BridgeAttributes ParseBridge(ReadOnlySpan<byte> data)
    {
        var vlanFiltering = false;
        var reader = new NetlinkAttributeReader(data);
        while (reader.TryRead(out var attribute))
        {
            if (attribute.Type == IFLA_BR_VLAN_FILTERING)
            {
                vlanFiltering = attribute.GetUInt8() != 0;
            }
        }

        return new BridgeAttributes(vlanFiltering);
    }
}
