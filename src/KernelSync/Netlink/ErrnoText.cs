using System.Runtime.InteropServices;

namespace Evpnd.KernelSync.Netlink;

internal static class ErrnoText
{
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
