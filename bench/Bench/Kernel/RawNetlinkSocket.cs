using System.ComponentModel;
using System.Runtime.InteropServices;
using Evpnd.KernelSync;
using static Evpnd.Bench.Kernel.BenchLibc;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// A blocking NETLINK_ROUTE descriptor driven with plain send(2)/recv(2): no Socket wrapper,
/// no pipelines, nothing between the benchmark and the kernel. Opened in the benchmark's
/// namespace (a netlink socket belongs to the namespace of the thread that creates it).
/// </summary>
internal sealed unsafe class RawNetlinkSocket : IDisposable
{
    private readonly int _fd;

    private RawNetlinkSocket(int fd)
    {
        _fd = fd;
    }

    public static RawNetlinkSocket Open(string networkNamespace) =>
        NetworkNamespace.Run(networkNamespace, () =>
        {
            var fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
            if (fd < 0)
            {
                throw Error("socket");
            }

            var one = 1;
            var buffer = 8 * 1024 * 1024;
            _ = setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(int));
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof(int));
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buffer, sizeof(int));
            var address = stackalloc byte[12];
            new Span<byte>(address, 12).Clear();
            address[0] = AF_NETLINK;
            if (bind(fd, address, 12) != 0)
            {
                _ = close(fd);
                throw Error("bind");
            }

            return new RawNetlinkSocket(fd);
        });

    public void Send(ReadOnlySpan<byte> datagram)
    {
        fixed (byte* p = datagram)
        {
            while (send(_fd, p, datagram.Length, 0) < 0)
            {
                if (Marshal.GetLastPInvokeError() != EINTR)
                {
                    throw Error("send");
                }
            }
        }
    }

    public int Receive(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = recv(_fd, p, buffer.Length, 0);
                if (n >= 0)
                {
                    return (int)n;
                }

                if (Marshal.GetLastPInvokeError() != EINTR)
                {
                    throw Error("recv");
                }
            }
        }
    }

    public void Dispose() => _ = close(_fd);

    private static Win32Exception Error(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new Win32Exception(errno, $"{call}(AF_NETLINK) failed: errno {errno}");
    }
}
