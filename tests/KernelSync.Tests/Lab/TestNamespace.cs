namespace Evpnd.KernelSync.Tests.Lab;

/// <summary>
/// A network namespace named evk-PID-SUFFIX, removed on dispose (with every device in it).
/// </summary>
internal sealed class TestNamespace : IDisposable
{
    public TestNamespace(string suffix)
    {
        RequireRoot();
        Name = $"evk-{Environment.ProcessId}-{suffix}";
        if (File.Exists($"/var/run/netns/{Name}"))
        {
            Shell.Run("ip", "netns", "del", Name);
        }

        Shell.Run("ip", "netns", "add", Name);
        Shell.Run("ip", "-n", Name, "link", "set", "lo", "up");
    }

    public string Name { get; }

    /// <summary>`ip -n NS ARGS`.</summary>
    public string Ip(params string[] arguments) => Shell.Run("ip", ["-n", Name, .. arguments]);

    /// <summary>`bridge -n NS ARGS`.</summary>
    public string Bridge(params string[] arguments) => Shell.Run("bridge", ["-n", Name, .. arguments]);

    public string Exec(params string[] command) => Shell.InNamespace(Name, command);

    public int Ifindex(string device) =>
        int.Parse(Exec("cat", $"/sys/class/net/{device}/ifindex").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            Shell.Run("ip", "netns", "del", Name);
        }
        catch (InvalidOperationException)
        {
            // Already gone; nothing else to clean up.
        }
    }

    public static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail("These tests program the kernel in their own network namespaces and must run as root (CAP_NET_ADMIN, CAP_SYS_ADMIN for setns).");
        }
    }
}
