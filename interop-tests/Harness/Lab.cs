using System.Globalization;
using System.Net;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using Evpnd.Interop.Tests.Harness.Gobgp;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>
/// A set of network namespaces, veth links and daemons built for one test. Everything it creates is
/// named "evi&lt;pid&gt;-&lt;lab&gt;-..." and is removed on dispose, daemons first (by pid), whether the test
/// passed or not; <see cref="LabRegistry"/> repeats the clean-up at process exit as a safety net.
/// </summary>
public sealed class Lab : IAsyncDisposable, IDisposable
{
    public const string Prefix = "evi";

    private static int s_nextIndex;

    private readonly object _gate = new();
    private readonly List<Netns> _namespaces = [];
    private readonly List<DaemonProcess> _daemons = [];
    private readonly List<ILabNode> _nodes = [];
    private readonly List<string> _cleanupPaths = [];
    private int _nextSubnet = 1;
    private bool _disposed;

    private Lab(string title, string id, string directory)
    {
        Title = title;
        Id = id;
        Directory = directory;
    }

    /// <summary>What the lab is for (the test name), used in messages only.</summary>
    public string Title { get; }

    /// <summary>The prefix of every namespace name, e.g. "evi1234-2".</summary>
    public string Id { get; }

    /// <summary>Per-lab scratch directory (configs, logs, control sockets); short, for socket paths.</summary>
    public string Directory { get; }

    public IReadOnlyList<DaemonProcess> Daemons
    {
        get
        {
            lock (_gate)
            {
                return [.. _daemons];
            }
        }
    }

    public IReadOnlyList<ILabNode> Nodes
    {
        get
        {
            lock (_gate)
            {
                return [.. _nodes];
            }
        }
    }

    public static Lab Create(string title)
    {
        int pid = Environment.ProcessId;
        int index = Interlocked.Increment(ref s_nextIndex);
        string id = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{pid}-{index}");
        string directory = Path.Combine("/tmp", string.Create(CultureInfo.InvariantCulture, $"{Prefix}{pid}"), index.ToString(CultureInfo.InvariantCulture));
        System.IO.Directory.CreateDirectory(directory);
        Lab lab = new(title, id, directory);
        LabRegistry.Add(lab);
        return lab;
    }

    /// <summary>Creates namespace "&lt;Id&gt;-&lt;name&gt;" with its loopback up.</summary>
    public async Task<Netns> AddNamespaceAsync(string name)
    {
        Netns ns = new(this, $"{Id}-{name}", name);
        (await ProcessRunner.RunAsync(["ip", "netns", "add", ns.Name])).EnsureSuccess();
        lock (_gate)
        {
            _namespaces.Add(ns);
        }

        await ns.IpAsync("link", "set", "lo", "up");
        // No duplicate address detection for the link-local addresses either: FRR refuses an
        // IPv6 session ("nexthop_set failed") until the interface has a usable fe80:: address.
        await ns.SetSysctlAsync("net.ipv6.conf.all.accept_dad", "0");
        await ns.SetSysctlAsync("net.ipv6.conf.default.accept_dad", "0");
        return ns;
    }

    /// <summary>
    /// Connects two namespaces with a veth pair (created directly inside them, never in the root
    /// namespace), numbers both ends from the next free 10.0.N.0/24 and fd00:0:0:N::/64 and sets
    /// them up. Interface names default to "to-&lt;peer&gt;".
    /// </summary>
    public async Task<VethLink> ConnectAsync(Netns a, Netns b, string? aInterface = null, string? bInterface = null)
    {
        int subnet;
        lock (_gate)
        {
            subnet = _nextSubnet++;
        }

        if (subnet > 254)
        {
            throw new LabException("a lab holds at most 254 links");
        }

        string aName = a.ReserveInterfaceName(aInterface ?? $"to-{b.ShortName}");
        string bName = b.ReserveInterfaceName(bInterface ?? $"to-{a.ShortName}");
        await a.IpAsync("link", "add", aName, "type", "veth", "peer", "name", bName, "netns", b.Name);
        LinkEnd aEnd = new(a, aName, SubnetAddress4(subnet, 1), SubnetAddress6(subnet, 1));
        LinkEnd bEnd = new(b, bName, SubnetAddress4(subnet, 2), SubnetAddress6(subnet, 2));
        foreach (LinkEnd end in new[] { aEnd, bEnd })
        {
            await end.Namespace.AddAddressAsync(end.Interface, $"{end.IPv4}/24");
            await end.Namespace.AddAddressAsync(end.Interface, $"{end.IPv6}/64");
            await end.Namespace.IpAsync("link", "set", end.Interface, "up");
        }

        return new VethLink(subnet, aEnd, bEnd);
    }

    /// <summary>
    /// A host behind a VTEP: its own namespace with one veth whose other end is enslaved to
    /// <paramref name="bridge"/> in <paramref name="vtep"/>; the host side gets the given
    /// addresses (CIDR) and, when given, a fixed MAC so tests can look it up in FDBs.
    /// </summary>
    public async Task<Netns> AddHostAsync(string name, Netns vtep, string bridge, string? mac, params string[] addresses)
    {
        Netns host = await AddNamespaceAsync(name);
        string hostSide = host.ReserveInterfaceName("eth0");
        string vtepSide = vtep.ReserveInterfaceName($"h-{name}");
        await vtep.IpAsync("link", "add", vtepSide, "type", "veth", "peer", "name", hostSide, "netns", host.Name);
        await vtep.IpAsync("link", "set", vtepSide, "master", bridge);
        await vtep.IpAsync("link", "set", vtepSide, "up");
        if (mac is not null)
        {
            await host.IpAsync("link", "set", hostSide, "address", mac);
        }

        foreach (string address in addresses)
        {
            await host.AddAddressAsync(hostSide, address);
        }

        await host.IpAsync("link", "set", hostSide, "up");
        return host;
    }

    public FrrNode AddFrr(Netns ns, uint asn, string routerId) => Register(new FrrNode(this, ns, asn, routerId));

    public GobgpNode AddGobgp(Netns ns, uint asn, string routerId) => Register(new GobgpNode(this, ns, asn, routerId));

    public EvpndNode AddEvpnd(Netns ns, uint asn, string routerId) => Register(new EvpndNode(this, ns, asn, routerId));

    /// <summary>Starts argv inside the namespace as a daemon the lab owns and will stop.</summary>
    public DaemonProcess StartDaemon(Netns ns, string name, IReadOnlyList<string> argv)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_gate)
        {
            // A restarted daemon gets its own name and log file: "frr-bgpd", then "frr-bgpd.2".
            int previous = _daemons.Count(d => d.Name == name || d.Name.StartsWith($"{name}.", StringComparison.Ordinal));
            string unique = previous == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}.{previous + 1}");
            DaemonProcess daemon = DaemonProcess.Start(unique, ns.ExecArgv(argv), Path.Combine(Directory, $"{unique}.log"));
            _daemons.Add(daemon);
            return daemon;
        }
    }

    /// <summary>A file or directory outside <see cref="Directory"/> that dispose must delete.</summary>
    public void RegisterCleanupPath(string path)
    {
        lock (_gate)
        {
            _cleanupPaths.Add(path);
        }
    }

    /// <summary>Every node's view and the tail of every daemon's log, for a failed test's output.</summary>
    public async Task WriteDiagnosticsAsync(TextWriter writer, int logTailLines = 300)
    {
        await writer.WriteLineAsync($"===== lab {Id} ({Title}) =====");
        foreach (ILabNode node in Nodes)
        {
            try
            {
                await node.WriteDiagnosticsAsync(writer);
            }
            catch (Exception e) when (e is LabException or IOException or InvalidOperationException or AssertionException)
            {
                await writer.WriteLineAsync($"--- {node.Name}: diagnostics failed: {e.Message}");
            }
        }

        foreach (DaemonProcess daemon in Daemons)
        {
            IReadOnlyList<string> lines = daemon.LogLines;
            string state = daemon.HasExited ? $"exited {daemon.ExitCode}" : "running";
            await writer.WriteLineAsync($"--- log of {daemon.Name} (pid {daemon.Pid}, {state}), last {Math.Min(lines.Count, logTailLines)} of {lines.Count} lines ---");
            foreach (string line in lines.Skip(Math.Max(0, lines.Count - logTailLines)))
            {
                await writer.WriteLineAsync(line);
            }
        }
    }

    /// <summary>Copies the daemons' full logs into a directory that outlives the lab.</summary>
    public IReadOnlyList<string> CopyLogsTo(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        List<string> copies = [];
        foreach (DaemonProcess daemon in Daemons)
        {
            string target = Path.Combine(directory, Path.GetFileName(daemon.LogPath));
            File.WriteAllLines(target, daemon.LogLines);
            copies.Add(target);
        }

        return copies;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Stops every daemon (SIGTERM, then SIGKILL after 5 s), deletes the namespaces and files.
    /// Synchronous so that the ProcessExit safety net can call it too.
    /// </summary>
    public void Dispose()
    {
        DaemonProcess[] daemons;
        Netns[] namespaces;
        string[] paths;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            daemons = [.. _daemons];
            namespaces = [.. _namespaces];
            paths = [.. _cleanupPaths];
        }

        List<string> problems = [];
        foreach (DaemonProcess daemon in daemons)
        {
            daemon.Signal(Libc.SIGTERM);
        }

        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        foreach (DaemonProcess daemon in daemons)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (!daemon.WaitForExitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).GetAwaiter().GetResult())
            {
                daemon.Kill();
            }

            daemon.CloseLog();
        }

        foreach (Netns ns in namespaces.Reverse())
        {
            CommandResult result = ProcessRunner.Run(["ip", "netns", "del", ns.Name]);
            if (!result.Succeeded)
            {
                problems.Add(result.Stderr.Trim());
            }
        }

        foreach (string path in paths.Append(Directory))
        {
            try
            {
                if (System.IO.Directory.Exists(path))
                {
                    System.IO.Directory.Delete(path, recursive: true);
                }
                else if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{path}: {e.Message}");
            }
        }

        LabRegistry.Remove(this);
        if (problems.Count > 0)
        {
            throw new LabException($"lab {Id} clean-up: {string.Join("; ", problems)}");
        }
    }

    private static IPAddress SubnetAddress4(int subnet, int host) =>
        IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.0.{subnet}.{host}"));

    private static IPAddress SubnetAddress6(int subnet, int host) =>
        IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"fd00:0:0:{subnet:x}::{host:x}"));

    private T Register<T>(T node)
        where T : ILabNode
    {
        lock (_gate)
        {
            _nodes.Add(node);
        }

        return node;
    }
}
