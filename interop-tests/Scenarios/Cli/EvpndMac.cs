namespace Evpnd.Interop.Tests.Scenarios.Cli;

/// <summary>
/// One MAC of `evpnd show evpn macs --json`: the test side's reading of the CLI contract. Required
/// members make a renamed field fail the test instead of reading as a default.
/// </summary>
public sealed record EvpndMac
{
    public required int Vni { get; init; }

    public required string Mac { get; init; }

    public string? Ip { get; init; }

    /// <summary>"local" (learned on this VTEP's bridge or configured) or "remote".</summary>
    public required string Origin { get; init; }

    /// <summary>The remote VTEP a remote MAC is behind; null for a local one.</summary>
    public string? Vtep { get; init; }

    /// <summary>RFC 7432 section 15 MAC mobility sequence number.</summary>
    public required long Sequence { get; init; }

    public bool Sticky { get; init; }

    public bool Duplicate { get; init; }

    public override string ToString() =>
        $"vni {Vni} {Mac}{(Ip is null ? "" : $" {Ip}")} {Origin}{(Vtep is null ? "" : $" vtep {Vtep}")} seq {Sequence}{(Sticky ? " sticky" : "")}{(Duplicate ? " duplicate" : "")}";
}
