using System.Diagnostics;

namespace Evpnd.KernelSync.Tests.Lab;

/// <summary>Runs iproute2 for the tests (the product never does).</summary>
internal static class Shell
{
    public static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result.Trim()}");
        }

        return stdout.Result;
    }

    /// <summary>Runs a command inside a namespace: `ip netns exec NS ...`.</summary>
    public static string InNamespace(string networkNamespace, params string[] command) =>
        Run("ip", ["netns", "exec", networkNamespace, .. command]);
}
