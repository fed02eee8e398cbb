namespace Evpnd.KernelSync;

/// <summary>Running totals of one reconciliation pass.</summary>
internal sealed class ReconcileCounts
{
    public int Added { get; set; }

    public int Replaced { get; set; }

    public int Removed { get; set; }

    public int Kept { get; set; }

    public int Foreign { get; set; }
}
