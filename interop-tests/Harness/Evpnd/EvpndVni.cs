namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>
/// One VNI of `evpnd show evpn vni --json`. Every field is required: a renamed or missing field
/// fails the test that reads it, so the CLI's JSON contract cannot drift unnoticed.
/// </summary>
public sealed record EvpndVni
{
    public required int Vni { get; init; }

    /// <summary>E.g. "10.255.0.2:1".</summary>
    public required string Rd { get; init; }

    /// <summary>What each import target matches, e.g. ["*:100 or *:268435556 (auto: any AS or IPv4 administrator)"] with import-wildcard-as.</summary>
    public required string[] ImportRouteTargets { get; init; }

    public required string[] ExportRouteTargets { get; init; }

    public required string LocalVtep { get; init; }

    /// <summary>The VTEPs whose type-3 routes are imported into this VNI (its flood list).</summary>
    public required string[] RemoteVteps { get; init; }

    public required int LocalMacs { get; init; }

    public required int RemoteMacs { get; init; }

    public override string ToString() =>
        $"vni {Vni} rd {Rd} import [{string.Join(' ', ImportRouteTargets)}] export [{string.Join(' ', ExportRouteTargets)}] "
        + $"local {LocalVtep} remote [{string.Join(' ', RemoteVteps)}] macs {LocalMacs}/{RemoteMacs}";
}
