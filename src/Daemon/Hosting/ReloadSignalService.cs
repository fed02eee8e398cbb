using Evpnd.Daemon.Config;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Hosting;

/// <summary>
/// SIGHUP reloads the configuration, as it does for most Unix daemons (and not ends the process).
/// The signal is caught from the start of <c>evpnd run</c> (<see cref="HangupSignal"/>); one that
/// arrived while the daemon was starting is applied now, once.
/// </summary>
internal sealed class ReloadSignalService(HangupSignal hangup, ConfigReloader reloader, ILogger<ReloadSignalService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (hangup.Attach(() => _ = ReloadAsync()))
        {
            logger.LogInformation("SIGHUP arrived while evpnd was starting: reloading now");
            _ = ReloadAsync();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        hangup.Detach();
        return Task.CompletedTask;
    }

    private async Task ReloadAsync()
    {
        try
        {
            await reloader.ReloadAsync("SIGHUP", CancellationToken.None).ConfigureAwait(false);
        }
        catch (ConfigException)
        {
            // Logged by the reloader, with every error.
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            logger.LogWarning("reload on SIGHUP not done: {Error}", e.Message);
        }
    }
}
