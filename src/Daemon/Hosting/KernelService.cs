using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Hosting;

/// <summary>
/// Runs the speaker's kernel-sync worker, the only code that talks netlink. If the kernel refuses
/// us (not root, no CAP_NET_ADMIN) the speaker says so in one line and tries again later, so that
/// BGP keeps running and the dataplane follows once the privilege is granted.
/// </summary>
internal sealed class KernelService(EvpnSpeaker speaker, ILogger<KernelService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await speaker.RunKernelAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The host stops when a worker fails; say which one and why (the host's own log is filtered).
            logger.LogCritical(e, "kernel worker failed: {Error}; evpnd stops", e.Message);
            throw;
        }
    }
}
