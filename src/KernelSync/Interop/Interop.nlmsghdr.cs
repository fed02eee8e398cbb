using System.Runtime.InteropServices;

namespace Evpnd.KernelSync.Interop;

// Kernel spelling on purpose (see STYLE.md): these mirror the C structs field for field.
#pragma warning disable CS8981

internal static partial class Interop
{
    /// <summary>struct nlmsghdr from linux/netlink.h (16 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct nlmsghdr
    {
        public uint nlmsg_len;
        public ushort nlmsg_type;
        public ushort nlmsg_flags;
        public uint nlmsg_seq;
        public uint nlmsg_pid;
    }
}
