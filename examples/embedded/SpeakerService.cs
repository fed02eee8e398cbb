using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evpnd.Examples.Embedded;

/// <summary>
/// Starts and stops the embedded speaker with the host, writes what it learns from its peers to
/// the log (remote MACs and VTEPs; the speaker installs them into the kernel itself), and stops
/// the host if one of the speaker's workers fails.
/// </summary>
internal sealed class SpeakerService(EvpnSpeaker speaker, IHostApplicationLifetime lifetime, ILogger<SpeakerService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        speaker.RemoteMacChanged += (_, change) => logger.LogInformation("remote MAC: {Change}", change);
        speaker.RemoteVtepChanged += (_, change) => logger.LogInformation("remote VTEP: {Change}", change);
        speaker.RemoteNeighborChanged += (_, change) => logger.LogInformation("remote IP: {Change}", change);
        await speaker.StartAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("speaker started, BGP on {Listen}", speaker.ListenEndPoint?.ToString() ?? "no listener");
        _ = speaker.Completion.ContinueWith(t =>
        {
            logger.LogCritical(t.Exception, "the speaker failed; stopping");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public Task StopAsync(CancellationToken cancellationToken) => speaker.StopAsync();
}
