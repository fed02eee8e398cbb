namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>One MAC of `evpnd show evpn macs --json`; every field required (see <see cref="EvpndVni"/>).</summary>
public sealed record EvpndMac
{
    public required int Vni { get; init; }

    public required string Mac { get; init; }

    public required string? Ip { get; init; }

    /// <summary>"local" or "remote".</summary>
    public required string Origin { get; init; }

    /// <summary>The remote VTEP, null for a local MAC.</summary>
    public required string? Vtep { get; init; }

    public required long Sequence { get; init; }

    public required bool Sticky { get; init; }

    public required bool Duplicate { get; init; }

    /// <summary>From a peer whose graceful restart is not over (its routes kept as stale).</summary>
    public bool Stale { get; init; }

    public bool IsLocal => Origin == "local";

    public override string ToString() =>
        $"vni {Vni} {Mac}{(Ip is null ? "" : $" {Ip}")} {Origin}{(Vtep is null ? "" : $" vtep {Vtep}")} seq {Sequence}"
        + $"{(Sticky ? " sticky" : "")}{(Duplicate ? " duplicate" : "")}{(Stale ? " stale" : "")}";
}
