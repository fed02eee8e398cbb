using System.Runtime.InteropServices;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>The few libc calls the harness needs; names keep their libc spelling.</summary>
internal static partial class Libc
{
    internal const int SIGKILL = 9;
    internal const int SIGTERM = 15;

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    internal static partial uint geteuid();
}
