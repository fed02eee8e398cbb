using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>
/// What the interop tests need on the machine. A missing piece fails the test with a message that
/// says what to install; the tests never skip, so CI cannot pass without having run them.
/// </summary>
public static class Prerequisites
{
    private static readonly Lazy<IReadOnlyList<string>> s_missing = new(FindMissing);

    /// <summary>Fails the current test when anything is missing.</summary>
    public static void Require()
    {
        IReadOnlyList<string> missing = s_missing.Value;
        if (missing.Count > 0)
        {
            Assert.Fail(
                "Interop test prerequisites are missing: " + string.Join("; ", missing) +
                ". Run the interop tests as root on a machine with iproute2, frr (bgpd, zebra, vtysh) " +
                "and gobgpd/gobgp installed (apt-get install iproute2 frr gobgpd).");
        }
    }

    /// <summary>The full path of an executable on PATH, or null.</summary>
    public static string? FindOnPath(string name)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (string directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static List<string> FindMissing()
    {
        List<string> missing = [];
        if (Libc.geteuid() != 0)
        {
            missing.Add("root (the tests create network namespaces and start bgpd/zebra)");
        }

        foreach (string file in new[] { FrrNode.BgpdPath, FrrNode.ZebraPath })
        {
            if (!File.Exists(file))
            {
                missing.Add($"{file} (package frr)");
            }
        }

        foreach ((string command, string package) in new[]
                 {
                     ("ip", "iproute2"), ("ss", "iproute2"), ("sysctl", "procps"), ("vtysh", "frr"),
                     ("gobgpd", "gobgpd"), ("gobgp", "gobgpd"), ("chown", "coreutils"),
                 })
        {
            if (FindOnPath(command) is null)
            {
                missing.Add($"`{command}` on PATH (package {package})");
            }
        }

        if (!File.ReadAllLines("/etc/passwd").Any(line => line.StartsWith("frr:", StringComparison.Ordinal)))
        {
            missing.Add("user frr (package frr creates it)");
        }

        if (DotnetHost.HostPath is null)
        {
            missing.Add("the dotnet host");
        }

        if (!File.Exists(DotnetHost.EvpndDll))
        {
            missing.Add($"{DotnetHost.EvpndDll} (build the Daemon project)");
        }

        if (DotnetHost.EvpndBinary is { } binary && !File.Exists(binary))
        {
            missing.Add($"{binary} (EVPND_BINARY names an executable that is not there: publish it, e.g. packaging/build-deb)");
        }

        return missing;
    }
}
