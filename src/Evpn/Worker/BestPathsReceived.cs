namespace Evpnd.Evpn.Worker;

/// <summary>One RIB batch's EVPN best-path changes; the worker disposes the batch once imported.</summary>
public sealed record BestPathsReceived(BestPathBatch Batch) : EvpnWorkerMessage
{
    public override EvpnWorkerMessageKind Kind => EvpnWorkerMessageKind.BestPaths;
}
