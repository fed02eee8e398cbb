using System.Runtime.InteropServices;

namespace Evpnd.KernelSync.Interop;

// The libc calls .NET's Socket cannot make for us: it rejects AF_NETLINK, so the descriptor is
// created, bound and tuned here and only then handed to System.Net.Sockets.Socket.
internal static partial class Interop
{
    internal static unsafe partial class Libc
    {
        internal const int AF_UNSPEC = 0;
        internal const int AF_INET = 2;
        internal const int AF_BRIDGE = 7;
        internal const int AF_INET6 = 10;
        internal const int AF_NETLINK = 16;

        internal const int SOCK_RAW = 3;
        internal const int SOCK_CLOEXEC = 0x80000;

        internal const int SOL_SOCKET = 1;
        internal const int SO_SNDBUF = 7;
        internal const int SO_RCVBUF = 8;
        internal const int SO_RCVTIMEO = 20;
        internal const int SO_SNDBUFFORCE = 32;
        internal const int SO_RCVBUFFORCE = 33;
        internal const int SO_MEMINFO = 55;

        // SO_MEMINFO fills SK_MEMINFO_VARS u32s; these two are the queued bytes and their limit.
        internal const int SK_MEMINFO_RMEM_ALLOC = 0;
        internal const int SK_MEMINFO_RCVBUF = 1;
        internal const int SK_MEMINFO_VARS = 9;

        internal const int MSG_DONTWAIT = 0x40;

        internal const short POLLIN = 0x1;

        internal const int CLONE_NEWNET = 0x40000000;

        internal const int O_RDONLY = 0;
        internal const int O_DIRECTORY = 0x10000;
        internal const int O_CLOEXEC = 0x80000;

        internal const int EPERM = 1;
        internal const int ENOENT = 2;
        internal const int EINTR = 4;
        internal const int EAGAIN = 11;
        internal const int EEXIST = 17;
        internal const int ENODEV = 19;
        internal const int EINVAL = 22;
        internal const int ENOBUFS = 105;

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int socket(int domain, int type, int protocol);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int bind(int sockfd, sockaddr_nl* addr, int addrlen);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int getsockname(int sockfd, sockaddr_nl* addr, int* addrlen);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int setsockopt(int sockfd, int level, int optname, void* optval, int optlen);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int getsockopt(int sockfd, int level, int optname, void* optval, int* optlen);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial nint recv(int sockfd, byte* buf, nuint len, int flags);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int poll(pollfd* fds, nuint nfds, int timeout);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int close(int fd);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int setns(int fd, int nstype);

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int open(string pathname, int flags);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int fsync(int fd);
    }
}
