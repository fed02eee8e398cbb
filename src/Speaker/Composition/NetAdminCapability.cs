namespace Evpnd.Composition;

/// <summary>What this process may do to the kernel: CAP_NET_ADMIN in its effective set (capabilities(7)).</summary>
internal static class NetAdminCapability
{
    private const int CapNetAdmin = 12;

    /// <summary>True when /proc/self/status shows CAP_NET_ADMIN effective (root has it unless dropped).</summary>
    public static bool Effective()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                {
                    var mask = Convert.ToUInt64(line["CapEff:".Length..].Trim(), 16);
                    return (mask & (1UL << CapNetAdmin)) != 0;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return true; // cannot tell: let the kernel answer
    }
}
