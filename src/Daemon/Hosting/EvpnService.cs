using Evpnd.Evpn.Worker;
using Microsoft.Extensions.Hosting;

namespace Evpnd.Daemon.Hosting;

/// <summary>Runs the EVPN worker (src/Evpn/Worker) in the host.</summary>
internal sealed class EvpnService(EvpnWorker worker) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => worker.RunAsync(stoppingToken);
}
