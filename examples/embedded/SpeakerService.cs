using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evpnd.Examples.Embedded;

/// <summary>
/// Starts and stops the embedded speaker with the host, and writes what it learns from its peers
/// to the log (remote MACs and VTEPs; the speaker installs them into the kernel itself).
/// </summary>
internal sealed class SpeakerService(EvpnSpeaker speaker, ILogger<SpeakerService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        speaker.RemoteMacChanged += (_, change) => logger.LogInformation("remote MAC: {Change}", change);
        speaker.RemoteVtepChanged += (_, change) => logger.LogInformation("remote VTEP: {Change}", change);
        await speaker.StartAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("speaker started, BGP on {Listen}", speaker.ListenEndPoint?.ToString() ?? "no listener");
    }

    public Task StopAsync(CancellationToken cancellationToken) => speaker.StopAsync(cancellationToken);
}
