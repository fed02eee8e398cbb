using System.Runtime.InteropServices;

namespace Evpnd.KernelSync.Interop;

// Kernel spelling on purpose (see STYLE.md): these mirror the C structs field for field.
#pragma warning disable CS8981

internal static partial class Interop
{
    /// <summary>struct sockaddr_nl from linux/netlink.h.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct sockaddr_nl
    {
        public ushort nl_family;
        public ushort nl_pad;
        public uint nl_pid;
        public uint nl_groups;
    }
}
