namespace Evpnd.KernelSync.Netlink;

/// <summary>
/// A dump kept coming back with NLM_F_DUMP_INTR (the table changed under it) after every retry:
/// the caller should treat its view as stale and resynchronise later.
/// </summary>
public sealed class NetlinkDumpInterruptedException : Exception
{
    public NetlinkDumpInterruptedException(string operation, int attempts)
        : base($"{operation}: dump interrupted (NLM_F_DUMP_INTR) on all {attempts} attempts.")
    {
    }
}
