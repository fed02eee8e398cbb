using System.Globalization;

namespace Evpnd.KernelSync;

/// <summary>
/// Whether the kernel still holds the forwarding state a previous run installed, judged from the
/// ownership record (<see cref="OwnershipStore"/>) alone, before KernelSync starts: this decides
/// the F bit of our Graceful Restart capability (RFC 4724 s3) and whether route selection is
/// deferred at start. The kernel keeps our entries when evpnd stops or crashes, not across a
/// reboot, so a record last written before the running kernel booted proves nothing.
/// </summary>
public static class ForwardingStateRecord
{
    /// <summary>
    /// True when the record (snapshot or journal) exists, can be read, names at least one entry
    /// and was written since the kernel booted (btime in /proc/stat, proc(5)).
    /// </summary>
    public static bool Kept(string stateDirectory)
    {
        try
        {
            var store = new OwnershipStore(stateDirectory);
            var files = new[] { store.FilePath, store.JournalPath }.Where(File.Exists).ToList();
            if (files.Count == 0 || !files.Any(HasEntry))
            {
                return false;
            }
            var written = files.Max(File.GetLastWriteTimeUtc);
            return BootTime() is not { } boot || written >= boot;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool HasEntry(string path) =>
        File.ReadLines(path).Any(line => line.StartsWith("flood ", StringComparison.Ordinal) || line.StartsWith("mac ", StringComparison.Ordinal) ||
            line.StartsWith("+flood ", StringComparison.Ordinal) || line.StartsWith("+mac ", StringComparison.Ordinal));

    private static DateTime? BootTime()
    {
        foreach (var line in File.ReadLines("/proc/stat"))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal) &&
                long.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return DateTime.UnixEpoch.AddSeconds(seconds);
            }
        }
        return null;
    }
}
