namespace Evpnd.KernelSync.Interop;

// linux/rtnetlink.h
internal static partial class Interop
{
    internal static class Rtnetlink
    {
        internal const ushort RTM_NEWLINK = 16;
        internal const ushort RTM_DELLINK = 17;
        internal const ushort RTM_GETLINK = 18;
        internal const ushort RTM_NEWNEIGH = 28;
        internal const ushort RTM_DELNEIGH = 29;
        internal const ushort RTM_GETNEIGH = 30;

        // enum rtnetlink_groups
        internal const int RTNLGRP_LINK = 1;
        internal const int RTNLGRP_NEIGH = 3;

        internal const byte RTPROT_BGP = 186;
    }
}
