using System.Globalization;
using System.Runtime.InteropServices;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// The namespace the kernel benchmark runs in: prefix + pid, created on construction and
/// removed by <see cref="Dispose"/>, on Ctrl-C and on process exit, whatever happened before.
/// The root namespace is never touched.
/// </summary>
internal sealed class BenchNamespace : IDisposable
{
    private readonly List<PosixSignalRegistration> _signals = [];
    private int _removed;
    private int _generation;

    public BenchNamespace()
    {
        Name = $"evb-{Environment.ProcessId}";
        Shell.Run("ip", "netns", "add", Name);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }

        AppDomain.CurrentDomain.ProcessExit += OnExit;
        Shell.Run("ip", "-n", Name, "link", "set", "lo", "up");
    }

    public string Name { get; }

    /// <summary>
    /// Creates a bridge and a VXLAN device enslaved to it, both up, as an operator (or FRR's
    /// lab) would: <c>ip link add vxlan100 type vxlan id 100 dstport 4789 local 10.255.0.1 nolearning</c>.
    /// Each writer gets its own pair so none starts from another's leftovers.
    /// </summary>
    public VxlanDevice CreateDevice()
    {
        var generation = ++_generation;
        var bridge = $"br{generation}";
        var vxlan = $"vxlan100-{generation}";
        Shell.Run("ip", "-n", Name, "link", "add", bridge, "type", "bridge");
        Shell.Run("ip", "-n", Name, "link", "add", vxlan, "type", "vxlan", "id", "100", "dstport", "4789", "local", "10.255.0.1", "nolearning");
        Shell.Run("ip", "-n", Name, "link", "set", vxlan, "master", bridge);
        Shell.Run("ip", "-n", Name, "link", "set", bridge, "up");
        Shell.Run("ip", "-n", Name, "link", "set", vxlan, "up");
        return new VxlanDevice(Name, vxlan, Ifindex(vxlan), bridge, Ifindex(bridge));
    }

    public void DeleteDevice(VxlanDevice device)
    {
        Shell.Run("ip", "-n", Name, "link", "del", device.VxlanName);
        Shell.Run("ip", "-n", Name, "link", "del", device.BridgeName);
    }

    public void Dispose()
    {
        Remove();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        AppDomain.CurrentDomain.ProcessExit -= OnExit;
    }

    private int Ifindex(string device)
    {
        // "7: vxlan100-1: <BROADCAST,..." — the index comes first.
        var line = Shell.Run("ip", "-n", Name, "-o", "link", "show", "dev", device);
        return int.Parse(line.AsSpan(0, line.IndexOf(':')), CultureInfo.InvariantCulture);
    }

    /// <summary>Ctrl-C, kill: remove the namespace, then let the signal end the process as usual.</summary>
    private void OnSignal(PosixSignalContext context)
    {
        Console.Error.WriteLine($"{context.Signal}: removing namespace {Name}");
        Remove();
    }

    private void OnExit(object? sender, EventArgs e) => Remove();

    /// <summary>
    /// What <c>ip netns del</c> does (detach the bind mount, remove the file), done with system
    /// calls: it also runs from a signal or exit handler, where starting a process is unreliable.
    /// A running `bridge -batch` is ended first. Files the writers leave in the temporary directory (the batch file, ownership records)
    /// go too.
    /// </summary>
    private void Remove()
    {
        if (Interlocked.Exchange(ref _removed, 1) != 0)
        {
            return;
        }

        ChildProcesses.KillAll();
        var path = Path.Combine("/var/run/netns", Name);
        if (BenchLibc.umount2(path, BenchLibc.MNT_DETACH) != 0)
        {
            Console.Error.WriteLine($"could not unmount {path}: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            File.Delete(path);
            var prefix = $"evpnd-bench-{Environment.ProcessId}";
            foreach (var leftover in Directory.EnumerateFileSystemEntries(Path.GetTempPath(), prefix + "*"))
            {
                if (Directory.Exists(leftover))
                {
                    Directory.Delete(leftover, recursive: true);
                }
                else
                {
                    File.Delete(leftover);
                }
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"could not remove namespace {Name}: {e.Message}");
        }
    }
}
