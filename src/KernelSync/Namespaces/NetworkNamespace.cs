using System.ComponentModel;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using static Evpnd.KernelSync.Interop.Interop.Libc;

namespace Evpnd.KernelSync;

/// <summary>
/// Runs code inside a named network namespace (<c>/var/run/netns/NAME</c>, as `ip netns` makes
/// them). A netlink socket belongs to the namespace of the thread that created it, so opening
/// one in here yields a client of that namespace that works from any thread afterwards.
/// setns(2) changes only the calling thread, so the work runs on a dedicated thread that
/// switches back before it ends and never touches the thread pool.
/// </summary>
public static class NetworkNamespace
{
    private const string NamespaceDirectory = "/var/run/netns";

    public static T Run<T>(string name, Func<T> action)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('/') || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a network namespace name.", nameof(name));
        }

        var result = default(T);
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var original = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle(Path.Combine(NamespaceDirectory, name));
                Enter(target, name);
                try
                {
                    result = action();
                }
                finally
                {
                    Enter(original, "the original namespace");
                }
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {name}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    private static void Enter(SafeHandle handle, string what)
    {
        if (setns((int)handle.DangerousGetHandle(), CLONE_NEWNET) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new Win32Exception(errno, $"setns({what}) failed: errno {errno}");
        }
    }
}
