using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Daemon.Config;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Hosting;

/// <summary>Runs the BGP session engine inside the host: start with the host, Cease to every peer on stop.</summary>
internal sealed class BgpService(BgpSpeaker speaker, EvpndConfig config, ILogger<BgpService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await speaker.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (BgpListenException e)
        {
            // Already one sentence that says what to do (port in use, privileged port).
            throw new StartupException(e.Message);
        }
        logger.LogInformation("evpnd started: router-id {RouterId}, AS {Asn}, {Count} neighbor(s), listening on {Listen}",
            RouterIdText(config.Bgp.RouterId), config.Bgp.LocalAs, config.Bgp.Neighbors.Length,
            speaker.ListenEndPoint?.ToString() ?? "nothing (listen: false)");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // With Graceful Restart, sessions close without a Cease so that peers keep our routes
        // (the kernel keeps forwarding with theirs) until we are back or their restart time ends.
        var graceful = config.Bgp.GracefulRestart.Enabled;
        logger.LogInformation(graceful
            ? "shutting down: closing sessions for a graceful restart (Cease only to peers without graceful restart)"
            : "shutting down: sending Cease to every peer");
        await speaker.StopAsync("evpnd shutting down", restarting: graceful).ConfigureAwait(false);
    }

    /// <summary>A host-order router id as a dotted quad.</summary>
    public static string RouterIdText(uint routerId) =>
        new IPAddress([(byte)(routerId >> 24), (byte)(routerId >> 16), (byte)(routerId >> 8), (byte)routerId]).ToString();
}
