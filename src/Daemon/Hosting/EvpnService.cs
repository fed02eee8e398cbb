using Microsoft.Extensions.Hosting;

namespace Evpnd.Daemon.Hosting;

/// <summary>Runs the speaker's EVPN worker (src/Evpn/Worker) in the host.</summary>
internal sealed class EvpnService(EvpnSpeaker speaker) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => speaker.RunEvpnAsync(stoppingToken);
}
