using System.Globalization;
using System.Text;

namespace Evpnd.Bench.E2e;

/// <summary>
/// The real evpnd executable: <c>ip netns exec DUT dotnet evpnd.dll run --config FILE</c> (or its
/// apphost), listening on the DUT's veth address, the injector its passive iBGP neighbour, VNI 100
/// found from the kernel (advertise-all-vni, the default), state and control socket in the lab's
/// directory.
/// </summary>
internal sealed class EvpndDut : IDaemonDut
{
    private readonly IReadOnlyList<string> _command;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string? _tracePath;
    private BenchDaemon? _process;

    /// <param name="command">The argv that runs evpnd: [dotnet, evpnd.dll] or [apphost].</param>
    /// <param name="tracePath">An EventPipe output file, or null.</param>
    public EvpndDut(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, string? tracePath)
    {
        _command = command;
        _environment = environment;
        _tracePath = tracePath;
    }

    public string Name => E2eOptions.Evpnd;

    public IReadOnlyList<BenchDaemon> Processes => _process is null ? [] : [_process];

    public void Start(E2eLab lab, E2eCleanup cleanup, DateTime deadline)
    {
        var config = Path.Combine(lab.Directory, "evpnd.yaml");
        var state = Path.Combine(lab.Directory, "evpnd-state");
        Directory.CreateDirectory(state);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"router-id: {E2eAddresses.DutVtep}");
        text.AppendLine(CultureInfo.InvariantCulture, $"asn: {E2eAddresses.Asn}");
        text.AppendLine(CultureInfo.InvariantCulture, $"listen: {{ address: \"{E2eAddresses.DutAddress}\", port: 179 }}");
        text.AppendLine(CultureInfo.InvariantCulture, $"control-socket: {Path.Combine(lab.Directory, "evpnd.sock")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"state-dir: {state}");
        text.AppendLine("log-level: info");
        text.AppendLine("neighbors:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  - address: \"{E2eAddresses.InjectorAddress}\"");
        text.AppendLine("    remote-as: internal");
        text.AppendLine("    passive: true");
        text.AppendLine(CultureInfo.InvariantCulture, $"    hold-time: {BgpInjector.HoldTime}");
        File.WriteAllText(config, text.ToString());

        var environment = new Dictionary<string, string>(_environment);
        if (_tracePath is not null)
        {
            // EventPipe from start-up, no tool needed: CPU samples every millisecond plus the
            // runtime's GC events; the file is complete (with method names) once evpnd exits.
            environment["DOTNET_EnableEventPipe"] = "1";
            environment["DOTNET_EventPipeOutputPath"] = _tracePath;
            environment["DOTNET_EventPipeCircularMB"] = "1024";
            environment["DOTNET_EventPipeConfig"] = "Microsoft-DotNETCore-SampleProfiler:0:5,Microsoft-Windows-DotNETRuntime:0x1:4";
        }

        _process = BenchDaemon.Start("evpnd", lab.DutNamespace, [.. _command, "run", "--config", config],
            Path.Combine(lab.Directory, "evpnd.log"), environment);
        cleanup.AddDaemon(_process);
    }

    public string Diagnostics() =>
        _process is null ? "evpnd was not started" : $"evpnd (pid {_process.Pid}) last lines ({_process.LogPath}):\n{_process.Tail()}";

    /// <summary>evpnd exits on SIGTERM after Cease to its peers; a trace needs the exit to be written out.</summary>
    public void Stop() => _process?.Stop(TimeSpan.FromSeconds(_tracePath is null ? 10 : 60));
}
