using Evpnd.KernelSync;
using Evpnd.Evpn.Instances;

namespace Evpnd.Daemon.Metrics;

/// <summary>What one scrape wants from the EVPN engine, gathered on its worker in one call.</summary>
internal sealed record EvpnCounts(
    IReadOnlyList<EvpnVniSnapshot> Vnis,
    IReadOnlyList<EvpnRouteCount> Routes,
    IReadOnlyList<(Vni Vni, int Duplicates)> Duplicates,
    long MacMoves,
    long DuplicatesDetected)
{
    public static EvpnCounts Of(EvpnEngine engine) =>
        new(engine.GetVnis(), engine.CountRoutes(), engine.CountDuplicates(), engine.MacMoves, engine.DuplicatesDetected);
}
