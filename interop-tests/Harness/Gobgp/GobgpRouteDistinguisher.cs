namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>An RD as GoBGP's JSON prints it: type 0 (AS2:NN4), 1 (IPv4:NN2) or 2 (AS4:NN2).</summary>
public sealed record GobgpRouteDistinguisher
{
    public int Type { get; init; }

    /// <summary>The AS or IPv4 address part, as text.</summary>
    public string Admin { get; init; } = "";

    public long Assigned { get; init; }

    public override string ToString() => $"{Admin}:{Assigned}";
}
