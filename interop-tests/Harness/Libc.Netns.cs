using System.Runtime.InteropServices;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>What <see cref="NetnsSocket"/> needs of libc: entering a network namespace (setns(2)).</summary>
internal static partial class Libc
{
    internal const int CLONE_NEWNET = 0x40000000;
    internal const int O_RDONLY = 0;
    internal const int O_CLOEXEC = 0x80000;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string pathname, int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int setns(int fd, int nstype);
}
