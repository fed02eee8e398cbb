using System.Collections.Concurrent;
using System.Diagnostics;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// The child processes the benchmark has running (`bridge -batch`), so that a signal ends them
/// with the benchmark instead of leaving them writing into a removed namespace.
/// </summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> s_running = new();

    public static void Add(Process process) => s_running[process.Id] = process;

    public static void Remove(Process process) => s_running.TryRemove(process.Id, out _);

    public static void KillAll()
    {
        foreach (var process in s_running.Values)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
