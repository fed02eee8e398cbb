namespace Evpnd.Daemon.Hosting;

/// <summary>
/// Whether stderr is systemd's journal: systemd sets JOURNAL_STREAM to "device:inode" of the
/// stream it connected (systemd.exec(5)); it only counts when stderr is still that stream, not
/// when a child of the service redirected it.
/// </summary>
internal static class JournalStream
{
    public static bool IsStderr()
    {
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not { } value || value.Split(':') is not [_, var inode])
        {
            return false;
        }
        try
        {
            // /proc/self/fd/2 -> "socket:[INODE]" for the journal's stream socket.
            return new FileInfo("/proc/self/fd/2").LinkTarget == $"socket:[{inode}]";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
