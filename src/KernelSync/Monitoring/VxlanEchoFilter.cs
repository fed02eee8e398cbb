using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static Evpnd.KernelSync.Interop.Interop.Filter;
using static Evpnd.KernelSync.Interop.Interop.Libc;
using static Evpnd.KernelSync.Interop.Interop.Rtnetlink;

namespace Evpnd.KernelSync;

/// <summary>
/// The classic BPF program that drops, in the kernel, RTM_NEWNEIGH notifications of AF_BRIDGE
/// entries on the given VXLAN devices: two per remote MAC we install, none of which the EVPN
/// side needs (<see cref="KernelMonitor"/> would skip them anyway, after a receive each).
/// RTM_DELNEIGH passes, so a hand-deleted entry of ours is still noticed.
/// </summary>
/// <remarks>
/// A multicast notification is one message per skb, and BPF loads read the packet big-endian:
/// <code>
/// 0  nlmsghdr: u32 len | u16 type (offset 4) | u16 flags | u32 seq | u32 pid
/// 16 ndmsg:    u8 family (offset 16) | u8 pad1 | u16 pad2 | s32 ifindex (offset 20) | ...
///
///    ldh [4];  jne RTM_NEWNEIGH -> accept
///    ldb [16]; jne AF_BRIDGE   -> accept
///    ld  [20]; jeq ifindex 1   -> drop; ... jeq ifindex k -> drop
/// accept: ret #0xffffffff
/// drop:   ret #0
/// </code>
/// </remarks>
internal static class VxlanEchoFilter
{
    /// <summary>The program for <paramref name="vxlanIfindexes"/>; empty (no filter) for none or too many.</summary>
    public static Interop.Interop.sock_filter[] Build(IReadOnlyCollection<int> vxlanIfindexes)
    {
        var count = vxlanIfindexes.Count;
        if (count == 0 || count + 4 > MaxJump)
        {
            return [];
        }

        var program = new Interop.Interop.sock_filter[count + 7];
        var accept = count + 5;
        var drop = count + 6;
        program[0] = Load(BPF_LD_H_ABS, 4);
        program[1] = JumpUnless(1, AsLoaded16(RTM_NEWNEIGH), accept);
        program[2] = Load(BPF_LD_B_ABS, 16);
        program[3] = JumpUnless(3, AF_BRIDGE, accept);
        program[4] = Load(BPF_LD_W_ABS, 20);
        var at = 5;
        foreach (var ifindex in vxlanIfindexes)
        {
            program[at] = new Interop.Interop.sock_filter { code = BPF_JMP_JEQ_K, jt = (byte)(drop - at - 1), jf = 0, k = AsLoaded32(ifindex) };
            at++;
        }

        program[accept] = new Interop.Interop.sock_filter { code = BPF_RET_K, k = uint.MaxValue };
        program[drop] = new Interop.Interop.sock_filter { code = BPF_RET_K, k = 0 };
        return program;
    }

    private static Interop.Interop.sock_filter Load(ushort code, uint offset) => new() { code = code, k = offset };

    private static Interop.Interop.sock_filter JumpUnless(int at, uint value, int target) =>
        new() { code = BPF_JMP_JEQ_K, jt = 0, jf = (byte)(target - at - 1), k = value };

    // Netlink fields are in host order; BPF reads them as big-endian numbers.
    private static uint AsLoaded16(ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        MemoryMarshal.Write(bytes, in value);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes);
    }

    private static uint AsLoaded32(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        MemoryMarshal.Write(bytes, in value);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
