namespace Evpnd.Daemon.Control;

/// <summary>What "reload" changed: neighbors by address, VNIs by number.</summary>
/// <param name="NeighborsUnchanged">Sessions that kept running (a changed description included).</param>
internal sealed record ReloadResult(
    IReadOnlyList<string> NeighborsAdded,
    IReadOnlyList<string> NeighborsRemoved,
    IReadOnlyList<string> NeighborsReset,
    int NeighborsUnchanged,
    IReadOnlyList<uint> VnisAdded,
    IReadOnlyList<uint> VnisRemoved,
    IReadOnlyList<uint> VnisChanged)
{
    /// <summary>"neighbors: added 10.0.0.3, removed 10.0.0.2, 1 unchanged; VNIs: changed 100", for the log and the CLI.</summary>
    public string Summary()
    {
        var neighbors = string.Join(", ", new[]
        {
            List("added", NeighborsAdded), List("removed", NeighborsRemoved), List("reset", NeighborsReset), $"{NeighborsUnchanged} unchanged",
        }.Where(s => s.Length > 0));
        var vnis = string.Join(", ", new[] { List("added", VnisAdded), List("removed", VnisRemoved), List("changed", VnisChanged) }.Where(s => s.Length > 0));
        return $"neighbors: {neighbors}; VNIs: {(vnis.Length > 0 ? vnis : "unchanged")}";
    }

    private static string List<T>(string what, IReadOnlyList<T> items) => items.Count == 0 ? "" : $"{what} {string.Join(' ', items)}";
}
