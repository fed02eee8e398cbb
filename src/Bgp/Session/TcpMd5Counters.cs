namespace Evpnd.Bgp.Session;

/// <summary>
/// The kernel's TCP-MD5 drop counters for this network namespace (the TcpExt lines of
/// /proc/net/netstat): a segment without the signature a key expects (TCPMD5NotFound), a
/// signature where no key is set (TCPMD5Unexpected), a wrong signature (TCPMD5Failure). The
/// kernel drops such segments silently; these counters are all that shows them.
/// </summary>
internal readonly record struct TcpMd5Counters(long NotFound, long Unexpected, long Failure)
{
    public const string NetstatPath = "/proc/net/netstat";

    public static TcpMd5Counters operator -(TcpMd5Counters now, TcpMd5Counters before) =>
        new(now.NotFound - before.NotFound, now.Unexpected - before.Unexpected, now.Failure - before.Failure);

    public long Total => NotFound + Unexpected + Failure;

    /// <summary>The counters now, or null when the file cannot be read or has none.</summary>
    public static TcpMd5Counters? Read(string path = NetstatPath)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The file holds pairs of lines, "TcpExt: Name1 Name2 ..." then "TcpExt: 1 2 ...".</summary>
    internal static TcpMd5Counters? Parse(string netstat)
    {
        string[] lines = netstat.Split('\n');
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            if (!lines[i].StartsWith("TcpExt:", StringComparison.Ordinal) || !lines[i + 1].StartsWith("TcpExt:", StringComparison.Ordinal))
            {
                continue;
            }
            string[] names = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string[] values = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Value(string name)
            {
                int index = Array.IndexOf(names, name);
                return index > 0 && index < values.Length && long.TryParse(values[index], out long v) ? v : 0;
            }
            if (Array.IndexOf(names, "TCPMD5NotFound") < 0)
            {
                return null;
            }
            return new TcpMd5Counters(Value("TCPMD5NotFound"), Value("TCPMD5Unexpected"), Value("TCPMD5Failure"));
        }
        return null;
    }
}
