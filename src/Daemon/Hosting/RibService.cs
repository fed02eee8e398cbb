using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Hosting;

/// <summary>Runs the speaker's RIB worker, the only owner of Adj-RIB-In, Loc-RIB and Adj-RIB-Out.</summary>
internal sealed class RibService(EvpnSpeaker speaker, ILogger<RibService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await speaker.RunRibAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The host stops when a worker fails; say which one and why (the host's own log is filtered).
            logger.LogCritical(e, "RIB worker failed: {Error}; evpnd stops", e.Message);
            throw;
        }
    }
}
