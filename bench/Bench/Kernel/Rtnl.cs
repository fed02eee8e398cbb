namespace Evpnd.Bench.Kernel;

/// <summary>Kernel constants (include/uapi/linux/netlink.h, rtnetlink.h, neighbour.h) in their kernel spelling.</summary>
internal static class Rtnl
{
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort RTM_NEWNEIGH = 28;
    public const ushort RTM_DELNEIGH = 29;
    public const ushort RTM_GETNEIGH = 30;

    public const ushort NLM_F_REQUEST = 0x1;
    public const ushort NLM_F_ACK = 0x4;
    public const ushort NLM_F_DUMP = 0x300;
    public const ushort NLM_F_REPLACE = 0x100;
    public const ushort NLM_F_CREATE = 0x400;

    public const byte AF_BRIDGE = 7;

    public const ushort NDA_DST = 1;
    public const ushort NDA_LLADDR = 2;
    public const ushort NDA_MASTER = 9;

    public const byte NTF_SELF = 0x02;
    public const byte NTF_MASTER = 0x04;
    public const byte NTF_EXT_LEARNED = 0x10;

    public const ushort NUD_REACHABLE = 0x02;
    public const ushort NUD_NOARP = 0x40;
    public const ushort NUD_PERMANENT = 0x80;

    public const int ENOENT = 2;
}
