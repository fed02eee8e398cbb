using System.Runtime.InteropServices;

namespace Evpnd.KernelSync.Interop;

// Kernel spelling on purpose (see STYLE.md): these mirror the C structs field for field.
#pragma warning disable CS8981

internal static partial class Interop
{
    /// <summary>struct ndmsg from linux/neighbour.h (12 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ndmsg
    {
        public byte ndm_family;
        public byte ndm_pad1;
        public ushort ndm_pad2;
        public int ndm_ifindex;
        public ushort ndm_state;
        public byte ndm_flags;
        public byte ndm_type;
    }
}
