using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Evpnd.Bench.E2e;

/// <summary>
/// Runs a function on a fresh thread that has entered a named network namespace (setns(2) on
/// /var/run/netns/NAME). A socket belongs to the namespace of the thread that creates it, so a
/// socket created here stays in that namespace wherever it is used afterwards. The thread ends
/// with the function: no thread of the process is left in another namespace.
/// </summary>
internal static class NamespaceThread
{
    public static T Run<T>(string name, Func<T> action)
    {
        var result = default(T);
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var target = File.OpenHandle(Path.Combine("/var/run/netns", name));
                if (E2eLibc.setns((int)target.DangerousGetHandle(), E2eLibc.CLONE_NEWNET) != 0)
                {
                    throw new InvalidOperationException($"setns into network namespace {name} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                result = action();
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
}
