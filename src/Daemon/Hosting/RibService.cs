using Evpnd.Bgp.Rib;
using Microsoft.Extensions.Hosting;

namespace Evpnd.Daemon.Hosting;

/// <summary>Runs the RIB worker, the only owner of Adj-RIB-In, Loc-RIB and Adj-RIB-Out.</summary>
internal sealed class RibService(RibWorker rib) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => rib.RunAsync(stoppingToken);
}
