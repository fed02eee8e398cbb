using System.Runtime.InteropServices;

namespace Evpnd.KernelSync.Interop;

// Kernel spelling on purpose (see STYLE.md): these mirror the C structs field for field.
#pragma warning disable CS8981

internal static partial class Interop
{
    /// <summary>Classic BPF, linux/filter.h: a socket filter run on every skb queued to the socket.</summary>
    internal static class Filter
    {
        internal const int SO_ATTACH_FILTER = 26;
        internal const int SO_DETACH_FILTER = 27;

        internal const ushort BPF_LD_W_ABS = 0x20;
        internal const ushort BPF_LD_H_ABS = 0x28;
        internal const ushort BPF_LD_B_ABS = 0x30;
        internal const ushort BPF_JMP_JEQ_K = 0x15;
        internal const ushort BPF_RET_K = 0x06;

        /// <summary>The most jump instructions of one program can skip (jt/jf are bytes).</summary>
        internal const int MaxJump = 255;
    }

    /// <summary>struct sock_filter from linux/filter.h.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct sock_filter
    {
        public ushort code;
        public byte jt;
        public byte jf;
        public uint k;
    }

    /// <summary>struct sock_fprog from linux/filter.h.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct sock_fprog
    {
        public ushort len;
        public sock_filter* filter;
    }
}
