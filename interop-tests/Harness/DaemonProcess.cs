using System.ComponentModel;
using System.Diagnostics;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>
/// A long-running process the lab started (zebra, bgpd, gobgpd, evpnd), with its output kept in
/// memory and in a log file. It is signalled only through its own pid.
/// </summary>
public sealed class DaemonProcess
{
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private readonly StreamWriter _logFile;
    private bool _logClosed;

    private DaemonProcess(string name, Process process, string commandLine, string logPath)
    {
        Name = name;
        _process = process;
        CommandLine = commandLine;
        LogPath = logPath;
        _logFile = new StreamWriter(logPath, append: true) { AutoFlush = true };
    }

    public string Name { get; }

    public string CommandLine { get; }

    public string LogPath { get; }

    public int Pid { get; private set; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Everything the process printed so far, stdout and stderr interleaved as received.</summary>
    public IReadOnlyList<string> LogLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public string Log => string.Join('\n', LogLines);

    public static DaemonProcess Start(string name, IReadOnlyList<string> argv, string logPath)
    {
        string commandLine = ProcessRunner.FormatCommandLine(argv);
        Process process = new() { StartInfo = ProcessRunner.CreateStartInfo(argv), EnableRaisingEvents = true };
        DaemonProcess daemon = new(name, process, commandLine, logPath);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        daemon.Append($"# {commandLine}");
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new LabException($"cannot start {name} ('{commandLine}'): {e.Message}", e);
        }

        daemon.Pid = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>Sends a signal to this process (by its pid) unless it has already exited.</summary>
    public void Signal(int signal)
    {
        if (!_process.HasExited)
        {
            _ = Libc.kill(Pid, signal);
        }
    }

    /// <summary>Waits for the process to exit; false when the deadline passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using CancellationTokenSource deadline = new(timeout);
        try
        {
            // Also waits for the output pipes to drain, so the log is complete afterwards.
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, then the exit code; SIGKILL and an exception if it outlives the deadline.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        Signal(Libc.SIGTERM);
        if (!await WaitForExitAsync(timeout))
        {
            Kill();
            throw new LabException($"{Name} (pid {Pid}) did not exit within {timeout.TotalSeconds:0.#} s of SIGTERM; killed");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL by pid, for peers that must vanish without a NOTIFICATION, and for clean-up.</summary>
    public void Kill()
    {
        Signal(Libc.SIGKILL);
        _process.WaitForExit(5000);
    }

    /// <summary>Throws with the exit code and the last lines of output when the process has exited.</summary>
    public void ThrowIfExited()
    {
        if (HasExited)
        {
            IReadOnlyList<string> lines = LogLines;
            throw new LabException(
                $"{Name} (pid {Pid}) exited with {ExitCode}; last output:\n{string.Join('\n', lines.Skip(Math.Max(0, lines.Count - 30)))}");
        }
    }

    /// <summary>Waits until a line matching the predicate has been printed.</summary>
    public Task WaitForLogLineAsync(Func<string, bool> predicate, string description, TimeSpan? timeout = null) =>
        Poll.UntilAsync(
            () =>
            {
                bool found = LogLines.Any(predicate);
                if (!found && HasExited)
                {
                    throw new LabException($"{Name} exited with {ExitCode} before logging {description}");
                }

                return Task.FromResult(found);
            },
            found => found,
            $"{Name} to log {description}",
            timeout);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        string stamped = $"{DateTime.UtcNow:HH:mm:ss.fff} {line}";
        lock (_gate)
        {
            _lines.Add(stamped);
            if (!_logClosed)
            {
                _logFile.WriteLine(stamped);
            }
        }
    }

    internal void CloseLog()
    {
        lock (_gate)
        {
            _logClosed = true;
            _logFile.Dispose();
        }
    }
}
