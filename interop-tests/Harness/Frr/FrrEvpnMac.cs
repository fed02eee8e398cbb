namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>One MAC of zebra's `show evpn mac vni all json` (flattened: the VNI is the outer key).</summary>
public sealed record FrrEvpnMac
{
    public int Vni { get; init; }

    public string Mac { get; init; } = "";

    /// <summary>"local" or "remote".</summary>
    public required string Type { get; init; }

    /// <summary>The interface a local MAC was learned on.</summary>
    public string? Intf { get; init; }

    public string? RemoteVtep { get; init; }

    public long LocalSequence { get; init; }

    public long RemoteSequence { get; init; }

    public int DetectionCount { get; init; }

    public bool IsDuplicate { get; init; }

    public override string ToString() =>
        $"vni {Vni} {Mac} {Type}{(RemoteVtep is null ? "" : $" vtep {RemoteVtep}")}{(Intf is null ? "" : $" intf {Intf}")} seq {LocalSequence}/{RemoteSequence}{(IsDuplicate ? " duplicate" : "")}";
}
