using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Evpnd.Daemon.Tests.Hosting;

/// <summary>The real `evpnd` executable (copied next to the tests), run as a child process.</summary>
internal sealed partial class EvpndProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private EvpndProcess(Process process)
    {
        _process = process;
    }

    public string Stdout { get { lock (_stdout) { return _stdout.ToString(); } } }

    public string Stderr { get { lock (_stderr) { return _stderr.ToString(); } } }

    public int Pid => _process.Id;

    public static EvpndProcess Start(params string[] args) => StartAs(null, args);

    /// <summary>Starts evpnd with these environment variables added (NOTIFY_SOCKET, WATCHDOG_USEC, ...).</summary>
    public static EvpndProcess StartWith(IReadOnlyDictionary<string, string> environment, params string[] args) => StartAs(null, args, environment);

    /// <summary>Starts evpnd as another user (uid/gid, no supplementary groups, no capabilities), through setpriv.</summary>
    public static EvpndProcess StartAs(int? uid, params string[] args) => StartAs(uid, args, null);

    private static EvpndProcess StartAs(int? uid, string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(uid is null ? "dotnet" : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (uid is { } id)
        {
            foreach (var a in (string[])[$"--reuid={id}", $"--regid={id}", "--clear-groups", "--inh-caps=-all", "dotnet"])
            {
                info.ArgumentList.Add(a);
            }
            info.Environment["HOME"] = Path.GetTempPath();
            info.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "evpnd.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start evpnd");
        var result = new EvpndProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (result._stdout) { result._stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (result._stderr) { result._stderr.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>
    /// Runs evpnd to completion as a named user with the groups the user database gives it
    /// (setpriv --init-groups), as that user's login shell would.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsUserAsync(string user, params string[] args)
    {
        var info = new ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[$"--reuid={user}", $"--regid={user}", "--init-groups", "--inh-caps=-all", "dotnet", Path.Combine(AppContext.BaseDirectory, "evpnd.dll"), .. args])
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["HOME"] = Path.GetTempPath();
        info.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start evpnd");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs evpnd to completion and returns its exit code.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsAsync(null, args);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsAsync(int? uid, params string[] args)
    {
        using var p = StartAs(uid, args);
        var code = await p.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (code, p.Stdout, p.Stderr);
    }

    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"evpnd did not exit within {deadline.TotalSeconds} s; stderr:\n{Stderr}");
        }
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Waits until the daemon answers on its control socket (it is then up) and returns its neighbors.</summary>
    public async Task<System.Text.Json.JsonElement> WaitForNeighborsAsync(string socket)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                var response = await Evpnd.Daemon.Cli.ControlClient.SendAsync(socket, new Evpnd.Daemon.Control.ControlRequest("show neighbors", null), CancellationToken.None);
                Assert.That(response.Ok, Is.True, response.Error);
                return response.Result!.Value.GetProperty("neighbors");
            }
            catch (Evpnd.Daemon.Control.ControlException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public void Terminate()
    {
        Assert.That(kill(_process.Id, 15), Is.EqualTo(0), "kill(SIGTERM)");
    }

    public void Hangup()
    {
        Assert.That(kill(_process.Id, 1), Is.EqualTo(0), "kill(SIGHUP)");
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
