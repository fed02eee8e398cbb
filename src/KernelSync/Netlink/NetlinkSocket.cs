using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Evpnd.KernelSync.Interop;
using static Evpnd.KernelSync.Interop.Interop.Libc;
using static Evpnd.KernelSync.Interop.Interop.Netlink;

namespace Evpnd.KernelSync.Netlink;

/// <summary>
/// A bound NETLINK_ROUTE socket. libc creates it (.NET's Socket constructor rejects
/// AF_NETLINK); it is then wrapped in <see cref="System.Net.Sockets.Socket"/> so that receives
/// can be awaited. The socket lives in the network namespace of the thread that opened it.
/// </summary>
internal sealed class NetlinkSocket : INetlinkTransport
{
    private readonly Socket _socket;

    private NetlinkSocket(Socket socket, uint portId)
    {
        _socket = socket;
        PortId = portId;
    }

    /// <summary>The port id the kernel assigned at bind time; replies to us carry it.</summary>
    public uint PortId { get; }

    public Socket Socket => _socket;

    /// <summary>Opens, tunes and binds a socket in the calling thread's network namespace.</summary>
    /// <param name="receiveBufferBytes">Wanted SO_RCVBUF; 0 keeps the kernel default.</param>
    /// <param name="groups">RTNLGRP_* multicast groups to join.</param>
    public static unsafe NetlinkSocket Open(int receiveBufferBytes, params ReadOnlySpan<int> groups)
    {
        var fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (fd < 0)
        {
            throw LastError("socket(AF_NETLINK)");
        }

        try
        {
            // Extended ACKs carry the kernel's reason text; CAP_ACK keeps error replies small
            // by not echoing the whole request (netlink(7)).
            SetOption(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            SetOption(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            if (receiveBufferBytes > 0)
            {
                SetReceiveBuffer(fd, receiveBufferBytes);
            }

            var address = new Interop.Interop.sockaddr_nl { nl_family = AF_NETLINK };
            if (bind(fd, &address, sizeof(Interop.Interop.sockaddr_nl)) != 0)
            {
                throw LastError("bind(AF_NETLINK)");
            }

            foreach (var group in groups)
            {
                SetOption(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group, $"NETLINK_ADD_MEMBERSHIP {group}");
            }

            var bound = default(Interop.Interop.sockaddr_nl);
            var length = sizeof(Interop.Interop.sockaddr_nl);
            if (getsockname(fd, &bound, &length) != 0)
            {
                throw LastError("getsockname(AF_NETLINK)");
            }

            var socketObject = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
            return new NetlinkSocket(socketObject, bound.nl_pid);
        }
        catch
        {
            _ = close(fd);
            throw;
        }
    }

    /// <summary>The receive buffer the kernel granted (it reports twice the requested size).</summary>
    public int ReceiveBufferSize => _socket.ReceiveBufferSize;

    public TimeSpan ReceiveTimeout
    {
        set => _socket.ReceiveTimeout = (int)value.TotalMilliseconds;
    }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        var sent = _socket.Send(datagram, SocketFlags.None);
        if (sent != datagram.Length)
        {
            throw new NetlinkProtocolException($"Short netlink send: {sent} of {datagram.Length} bytes.");
        }
    }

    /// <summary>Blocking receive of one datagram (the request socket: the kernel answers inside send).</summary>
    public int Receive(Span<byte> buffer)
    {
        while (true)
        {
            try
            {
                return _socket.Receive(buffer, SocketFlags.None);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.Interrupted)
            {
            }
        }
    }

    /// <summary>
    /// Receives one datagram only if one is queued (MSG_DONTWAIT): its length, 0 when none is
    /// queued (a netlink datagram is never empty), -1 when the kernel dropped messages (ENOBUFS).
    /// A listener drains a burst this way, one system call per message and no wait between them.
    /// </summary>
    public unsafe int ReceiveQueued(Span<byte> buffer)
    {
        var fd = (int)_socket.Handle;
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var length = recv(fd, start, (nuint)buffer.Length, MSG_DONTWAIT);
                if (length >= 0)
                {
                    return (int)length;
                }

                switch (Marshal.GetLastPInvokeError())
                {
                    case EINTR:
                        continue;
                    case EAGAIN:
                        return 0;
                    case ENOBUFS:
                        return -1;
                    default:
                        throw LastError("recv(AF_NETLINK)");
                }
            }
        }
    }

    /// <summary>Bytes the kernel holds queued for this socket, and the most it will queue (SO_MEMINFO).</summary>
    public unsafe (int Queued, int Limit) ReceiveBacklog()
    {
        var info = stackalloc uint[SK_MEMINFO_VARS];
        var length = SK_MEMINFO_VARS * sizeof(uint);
        if (getsockopt((int)_socket.Handle, SOL_SOCKET, SO_MEMINFO, info, &length) != 0)
        {
            throw LastError("getsockopt(SO_MEMINFO)");
        }

        return ((int)info[SK_MEMINFO_RMEM_ALLOC], (int)info[SK_MEMINFO_RCVBUF]);
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> for a datagram to be queued (poll(2));
    /// true when one is, or when the next receive will report an error (ENOBUFS).
    /// </summary>
    /// <remarks>
    /// Not the runtime's epoll: a socket registered there (edge-triggered) wakes the runtime's
    /// event thread for every datagram the kernel queues, and a listener's datagrams come by the
    /// hundred thousand, each such wake-up paid inside the sender's system call. A thread waiting
    /// in poll is woken once, and nobody is woken while the reader is busy.
    /// </remarks>
    public unsafe bool WaitReadable(int timeoutMilliseconds)
    {
        var descriptor = new Interop.Interop.pollfd { fd = (int)_socket.Handle, events = POLLIN };
        while (true)
        {
            var ready = poll(&descriptor, 1, timeoutMilliseconds);
            if (ready >= 0)
            {
                return ready > 0;
            }

            if (Marshal.GetLastPInvokeError() != EINTR)
            {
                throw LastError("poll(AF_NETLINK)");
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Replaces the socket's classic BPF filter; an empty program removes it.</summary>
    public unsafe void SetFilter(ReadOnlySpan<Interop.Interop.sock_filter> program)
    {
        var fd = (int)_socket.Handle;
        if (program.IsEmpty)
        {
            var none = 0;
            // ENOENT when no filter is attached: nothing to remove.
            _ = setsockopt(fd, SOL_SOCKET, Interop.Interop.Filter.SO_DETACH_FILTER, &none, sizeof(int));
            return;
        }

        fixed (Interop.Interop.sock_filter* code = program)
        {
            var fprog = new Interop.Interop.sock_fprog { len = (ushort)program.Length, filter = code };
            if (setsockopt(fd, SOL_SOCKET, Interop.Interop.Filter.SO_ATTACH_FILTER, &fprog, sizeof(Interop.Interop.sock_fprog)) != 0)
            {
                throw LastError("setsockopt(SO_ATTACH_FILTER)");
            }
        }
    }

    /// <summary>
    /// SO_RCVBUFFORCE (root/CAP_NET_ADMIN) lifts the rmem_max cap a burst of 100k FDB events needs;
    /// without the capability fall back to SO_RCVBUF, which the kernel clamps to rmem_max.
    /// </summary>
    private static unsafe void SetReceiveBuffer(int fd, int bytes)
    {
        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(int)) == 0)
        {
            return;
        }

        SetOption(fd, SOL_SOCKET, SO_RCVBUF, bytes, "SO_RCVBUF");
    }

    private static unsafe void SetOption(int fd, int level, int name, int value, string what)
    {
        if (setsockopt(fd, level, name, &value, sizeof(int)) != 0)
        {
            throw LastError($"setsockopt({what})");
        }
    }

    private static Win32Exception LastError(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new Win32Exception(errno, $"{what} failed: errno {errno} ({ErrnoText.Describe(errno)})");
    }
}
