namespace Evpnd.Bench.E2e;

/// <summary>A BGP daemon under test, started inside the lab's DUT namespace and measured from outside.</summary>
internal interface IDaemonDut
{
    string Name { get; }

    /// <summary>The daemon's processes (evpnd; FRR's bgpd and zebra): RSS and CPU are summed over them.</summary>
    IReadOnlyList<BenchDaemon> Processes { get; }

    /// <summary>Starts the daemon(s); returns once they run (the injector's connection then waits for BGP).</summary>
    void Start(E2eLab lab, E2eCleanup cleanup, DateTime deadline);

    /// <summary>The last log lines of each process (and whatever else helps), for a failure message.</summary>
    string Diagnostics();

    /// <summary>SIGTERM, then SIGKILL after a grace period.</summary>
    void Stop();
}
