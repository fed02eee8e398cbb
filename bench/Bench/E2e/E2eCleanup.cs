using System.Runtime.InteropServices;

namespace Evpnd.Bench.E2e;

/// <summary>
/// Everything the end-to-end run created outside its own process: network namespaces, daemons
/// (ended by their pid, never by name: other people run FRR and evpnd on the same machine) and
/// directories. Removed on <see cref="Dispose"/>, on SIGINT, SIGTERM, SIGHUP, SIGQUIT and at process
/// exit, whatever happened before. The root namespace is never touched.
/// </summary>
internal sealed class E2eCleanup : IDisposable
{
    private readonly object _gate = new();
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly List<string> _namespaces = [];
    private readonly List<BenchDaemon> _daemons = [];
    private readonly List<string> _paths = [];
    private int _disposed;

    public E2eCleanup()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }

        AppDomain.CurrentDomain.ProcessExit += OnExit;
    }

    public void AddNamespace(string name)
    {
        lock (_gate)
        {
            _namespaces.Add(name);
        }
    }

    public void AddDaemon(BenchDaemon daemon)
    {
        lock (_gate)
        {
            _daemons.Add(daemon);
        }
    }

    /// <summary>A file or directory to delete at the end.</summary>
    public void AddPath(string path)
    {
        lock (_gate)
        {
            _paths.Add(path);
        }
    }

    /// <summary>Ends the daemons, then removes the namespaces and paths registered so far (used between DUTs).</summary>
    public void RemoveAll()
    {
        BenchDaemon[] daemons;
        string[] namespaces;
        string[] paths;
        lock (_gate)
        {
            daemons = [.. _daemons];
            namespaces = [.. _namespaces];
            paths = [.. _paths];
            _daemons.Clear();
            _namespaces.Clear();
            _paths.Clear();
        }

        foreach (var daemon in daemons)
        {
            daemon.Kill();
        }

        foreach (var name in namespaces)
        {
            RemoveNamespace(name);
        }

        foreach (var path in paths)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                else if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"could not remove {path}: {e.Message}");
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        RemoveAll();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        AppDomain.CurrentDomain.ProcessExit -= OnExit;
    }

    /// <summary>
    /// What <c>ip netns del</c> does (detach the bind mount, remove the file), with system calls:
    /// this also runs from a signal or exit handler, where starting a process is unreliable.
    /// </summary>
    private static void RemoveNamespace(string name)
    {
        var path = Path.Combine("/var/run/netns", name);
        if (!File.Exists(path))
        {
            return;
        }

        if (E2eLibc.umount2(path, E2eLibc.MNT_DETACH) != 0)
        {
            Console.Error.WriteLine($"could not unmount {path}: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"could not remove namespace {name}: {e.Message}");
        }
    }

    /// <summary>Ctrl-C, kill: clean up, then let the signal end the process as usual.</summary>
    private void OnSignal(PosixSignalContext context)
    {
        Console.Error.WriteLine($"{context.Signal}: stopping daemons, removing namespaces and temporary files");
        Dispose();
    }

    private void OnExit(object? sender, EventArgs e) => Dispose();
}
