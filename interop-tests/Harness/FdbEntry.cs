namespace Evpnd.Interop.Tests.Harness;

/// <summary>One entry of `bridge -j fdb show`: a MAC, where it points (dst for VXLAN) and its flags.</summary>
public sealed record FdbEntry
{
    public required string Mac { get; init; }

    public string? Ifname { get; init; }

    /// <summary>The remote VTEP for an entry on a VXLAN device.</summary>
    public string? Dst { get; init; }

    public int? Vlan { get; init; }

    public string? Master { get; init; }

    /// <summary>E.g. "self", "master", "extern_learn", "sticky".</summary>
    public string[] Flags { get; init; } = [];

    /// <summary>"permanent", "static" or absent (learned).</summary>
    public string? State { get; init; }

    /// <summary>Head-end replication entry: all-zero MAC towards a remote VTEP.</summary>
    public bool IsFloodEntry => Mac == "00:00:00:00:00:00" && Dst is not null;

    public override string ToString() =>
        $"{Mac} dev {Ifname}{(Dst is null ? "" : $" dst {Dst}")}{(Vlan is null ? "" : $" vlan {Vlan}")} [{string.Join(',', Flags)}] {State}";
}
