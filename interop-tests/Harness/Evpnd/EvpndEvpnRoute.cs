namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>
/// One route of `evpnd show evpn routes --json`: one evpnd originates (source "local") or one it
/// received (source = the peer's address). Every field required (see <see cref="EvpndVni"/>).
/// </summary>
public sealed record EvpndEvpnRoute
{
    /// <summary>The EVPN route type: 2 (MAC/IP), 3 (inclusive multicast), 5 (IP prefix).</summary>
    public required int Type { get; init; }

    public required string Rd { get; init; }

    /// <summary>Type 2's MAC; null for other types.</summary>
    public required string? Mac { get; init; }

    /// <summary>Type 2's IP (null for MAC only), type 5's prefix.</summary>
    public required string? Ip { get; init; }

    /// <summary>Type 3's originating router's IP; null for other types.</summary>
    public required string? Originator { get; init; }

    public required string? NextHop { get; init; }

    /// <summary>E.g. ["65001:100"].</summary>
    public required string[] RouteTargets { get; init; }

    /// <summary>"local" or the address of the peer the route came from.</summary>
    public required string Source { get; init; }

    /// <summary>The VNIs the route belongs to (originated in or imported into).</summary>
    public required int[] Vnis { get; init; }

    public required long Sequence { get; init; }

    public required bool Sticky { get; init; }

    public bool IsLocal => Source == "local";

    public override string ToString() =>
        $"type {Type} rd {Rd}{(Mac is null ? "" : $" mac {Mac}")}{(Ip is null ? "" : $" ip {Ip}")}"
        + $"{(Originator is null ? "" : $" originator {Originator}")} nh {NextHop} rt [{string.Join(' ', RouteTargets)}]"
        + $" from {Source} vnis [{string.Join(' ', Vnis)}] seq {Sequence}{(Sticky ? " sticky" : "")}";
}
