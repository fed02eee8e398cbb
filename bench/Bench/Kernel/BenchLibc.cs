using System.Runtime.InteropServices;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// The few libc calls the benchmark's own netlink writer needs. Kept apart from the product's
/// interop on purpose: writer (b) is the kernel's floor, measured without any of evpnd's code.
/// </summary>
internal static unsafe partial class BenchLibc
{
    public const int AF_NETLINK = 16;
    public const int SOCK_RAW = 3;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int NETLINK_ROUTE = 0;
    public const int SOL_SOCKET = 1;
    public const int SO_RCVBUFFORCE = 33;
    public const int SO_SNDBUFFORCE = 32;
    public const int SOL_NETLINK = 270;
    public const int NETLINK_CAP_ACK = 10;
    public const int EINTR = 4;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int bind(int sockfd, byte* addr, int addrlen);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsockopt(int sockfd, int level, int optname, int* optval, int optlen);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint send(int sockfd, byte* buf, nint len, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint recv(int sockfd, byte* buf, nint len, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    public const int MNT_DETACH = 2;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int umount2(string target, int flags);
}
