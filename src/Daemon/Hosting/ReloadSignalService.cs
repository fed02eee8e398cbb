using System.Runtime.InteropServices;
using Evpnd.Daemon.Config;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Hosting;

/// <summary>SIGHUP reloads the configuration, as it does for most Unix daemons (and not ends the process).</summary>
internal sealed class ReloadSignalService(ConfigReloader reloader, ILogger<ReloadSignalService> logger) : IHostedService
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _ = ReloadAsync();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
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
