using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>
/// Sockets that live in a lab namespace while the test process stays in the root one: a socket
/// belongs to the namespace of the thread that created it (socket(7), setns(2)), so a short-lived
/// thread enters the namespace, creates the socket and ends. The root namespace is never touched.
/// </summary>
public static class NetnsSocket
{
    public static Socket CreateTcp(Netns ns, AddressFamily family)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                string path = $"/run/netns/{ns.Name}";
                int fd = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC);
                if (fd < 0)
                {
                    throw new LabException($"cannot open {path}: errno {Marshal.GetLastPInvokeError()}");
                }
                try
                {
                    if (Libc.setns(fd, Libc.CLONE_NEWNET) != 0)
                    {
                        throw new LabException($"setns into {ns.Name} failed: errno {Marshal.GetLastPInvokeError()}");
                    }
                }
                finally
                {
                    Libc.close(fd);
                }
                socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            }
            catch (Exception ex)
            {
                error = ex;
            }
        })
        {
            IsBackground = true,
            Name = $"netns {ns.ShortName}",
        };
        thread.Start();
        thread.Join();
        return socket ?? throw error ?? new LabException($"no socket created in {ns.Name}");
    }
}
