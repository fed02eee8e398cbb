using System.ComponentModel;
using System.Diagnostics;

namespace Evpnd.Bench.E2e;

/// <summary>
/// A daemon the benchmark runs inside a namespace (<c>ip netns exec NS argv...</c>, which execs:
/// the pid held is the daemon's own). Its output goes to a log file and the last lines are kept
/// for error messages. It is signalled only through its pid.
/// </summary>
internal sealed class BenchDaemon
{
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly StreamWriter _log;
    private readonly object _gate = new();

    private BenchDaemon(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
    }

    public string Name { get; }

    public string LogPath { get; }

    public int Pid { get; private set; }

    public bool HasExited => _process.HasExited;

    public static BenchDaemon Start(string name, string networkNamespace, IReadOnlyList<string> argv, string logPath,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in (string[])["netns", "exec", networkNamespace, .. argv])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var daemon = new BenchDaemon(name, process, logPath);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        daemon.Append($"# ip netns exec {networkNamespace} {string.Join(' ', argv)}");
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {name}: {e.Message}", e);
        }

        daemon.Pid = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>The last lines the daemon printed, for an error message.</summary>
    public string Tail()
    {
        lock (_gate)
        {
            return _tail.Count == 0 ? "(no output)" : string.Join('\n', _tail.Select(l => "    " + l));
        }
    }

    /// <summary>Throws with the exit code and the last lines when the daemon is gone.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"{Name} (pid {Pid}) exited with {_process.ExitCode}; its last lines ({LogPath}):\n{Tail()}");
        }
    }

    /// <summary>SIGTERM by pid, then SIGKILL if it is still there after the grace period.</summary>
    public void Stop(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        _ = E2eLibc.kill(Pid, E2eLibc.SIGTERM);
        if (!_process.WaitForExit(grace))
        {
            Kill();
        }
    }

    /// <summary>SIGKILL by pid (clean-up, signal handlers).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _ = E2eLibc.kill(Pid, E2eLibc.SIGKILL);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }

            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
            catch (IOException)
            {
                // The run's directory is being removed; the tail in memory stays.
            }
        }
    }
}
