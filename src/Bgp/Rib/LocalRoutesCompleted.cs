namespace Evpnd.Bgp.Rib;

/// <summary>The originator has handed over every local route it had at the start (<see cref="RibWorker.LocalRoutesComplete"/>), or the select-defer-time ended first.</summary>
internal sealed record LocalRoutesCompleted(string Reason) : RibLocalRequest
{
    public static readonly LocalRoutesCompleted Originator = new("every local route originated");

    public static readonly LocalRoutesCompleted TimedOut = new("select-defer-time expired before the local routes were complete");
}
