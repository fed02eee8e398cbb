using System.Runtime.InteropServices;

namespace Evpnd.KernelSync.Interop;

// Kernel spelling on purpose (see STYLE.md): these mirror the C structs field for field.
#pragma warning disable CS8981

internal static partial class Interop
{
    /// <summary>struct pollfd from poll.h.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct pollfd
    {
        public int fd;
        public short events;
        public short revents;
    }
}
