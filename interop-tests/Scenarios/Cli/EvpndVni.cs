namespace Evpnd.Interop.Tests.Scenarios.Cli;

/// <summary>One EVPN instance of `evpnd show evpn vni --json`.</summary>
public sealed record EvpndVni
{
    public required int Vni { get; init; }

    public required string Rd { get; init; }

    public IReadOnlyList<string> ImportRouteTargets { get; init; } = [];

    public IReadOnlyList<string> ExportRouteTargets { get; init; } = [];

    public string? LocalVtep { get; init; }

    /// <summary>The flood list: every remote VTEP that sent a type-3 route for this VNI.</summary>
    public IReadOnlyList<string> RemoteVteps { get; init; } = [];

    public int LocalMacs { get; init; }

    public int RemoteMacs { get; init; }

    public override string ToString() =>
        $"vni {Vni} rd {Rd} import [{string.Join(',', ImportRouteTargets)}] export [{string.Join(',', ExportRouteTargets)}] " +
        $"vtep {LocalVtep} remote [{string.Join(',', RemoteVteps)}] macs {LocalMacs}/{RemoteMacs}";
}
