namespace Evpnd.KernelSync.Interop;

// linux/if_link.h and linux/if.h
internal static partial class Interop
{
    internal static class IfLink
    {
        internal const uint IFF_UP = 0x1;
        internal const uint IFF_LOWER_UP = 0x10000;

        internal const ushort IFLA_ADDRESS = 1;
        internal const ushort IFLA_IFNAME = 3;
        internal const ushort IFLA_MTU = 4;
        internal const ushort IFLA_MASTER = 10;
        internal const ushort IFLA_OPERSTATE = 16;
        internal const ushort IFLA_LINKINFO = 18;

        internal const byte IF_OPER_UP = 6;

        // enum ifla_info
        internal const ushort IFLA_INFO_KIND = 1;
        internal const ushort IFLA_INFO_DATA = 2;
        internal const ushort IFLA_INFO_SLAVE_KIND = 4;
        internal const ushort IFLA_INFO_SLAVE_DATA = 5;

        // enum ifla_vxlan
        internal const ushort IFLA_VXLAN_ID = 1;
        internal const ushort IFLA_VXLAN_GROUP = 2;
        internal const ushort IFLA_VXLAN_LINK = 3;
        internal const ushort IFLA_VXLAN_LOCAL = 4;
        internal const ushort IFLA_VXLAN_LEARNING = 7;
        internal const ushort IFLA_VXLAN_PORT = 15;
        internal const ushort IFLA_VXLAN_GROUP6 = 16;
        internal const ushort IFLA_VXLAN_LOCAL6 = 17;
        internal const ushort IFLA_VXLAN_COLLECT_METADATA = 25;
        internal const ushort IFLA_VXLAN_VNIFILTER = 30;

        // enum ifla_br
        internal const ushort IFLA_BR_VLAN_FILTERING = 7;
    }
}
