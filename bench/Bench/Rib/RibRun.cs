using System.Globalization;

namespace Evpnd.Bench.Rib;

/// <summary>One decode + RIB insert run.</summary>
internal sealed record RibRun(TimeSpan Elapsed, double AllocatedPerRoute, double HeldPerRoute, int BestPathChanges, int UpdatesSentToPeer)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Elapsed.TotalSeconds:F3} s, {BestPathChanges:N0} best-path changes, {AllocatedPerRoute:F1} B/route allocated, {HeldPerRoute:F1} B/route held by the RIB, {UpdatesSentToPeer} UPDATE(s) sent to the peer");
}
