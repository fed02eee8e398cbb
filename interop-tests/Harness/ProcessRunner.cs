using System.ComponentModel;
using System.Diagnostics;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>Runs short-lived commands with a deadline and captures what they print.</summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<CommandResult> RunAsync(IReadOnlyList<string> argv, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? DefaultTimeout;
        string commandLine = FormatCommandLine(argv);
        using Process process = new() { StartInfo = CreateStartInfo(argv) };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new LabException($"cannot start '{commandLine}': {e.Message}", e);
        }

        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource deadline = new(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // The command is ours (started just above), so killing it by its handle is safe.
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the deadline and the kill.
            }

            throw new LabException($"'{commandLine}' did not finish within {limit.TotalSeconds:0.#} s");
        }

        return new CommandResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Synchronous form for clean-up paths that cannot await (ProcessExit).</summary>
    public static CommandResult Run(IReadOnlyList<string> argv, TimeSpan? timeout = null) =>
        RunAsync(argv, timeout).GetAwaiter().GetResult();

    internal static ProcessStartInfo CreateStartInfo(IReadOnlyList<string> argv)
    {
        ProcessStartInfo info = new(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (string argument in argv.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    internal static string FormatCommandLine(IEnumerable<string> argv) =>
        string.Join(' ', argv.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a));
}
