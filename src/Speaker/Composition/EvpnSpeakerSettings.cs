using System.Threading.Channels;
using Evpnd.Bgp.Session;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evpnd.Composition;

/// <summary>
/// Everything an <see cref="EvpnSpeaker"/> is composed from, in the engines' own terms: what
/// <see cref="EvpnSpeakerOptions"/> maps to, and what the daemon maps its whole configuration to
/// (neighbor security, limits, duplicate detection: more than the public options say).
/// </summary>
internal sealed record EvpnSpeakerSettings
{
    public required SpeakerConfig Bgp { get; init; }

    public required EvpnWorkerOptions Evpn { get; init; }

    public bool KernelSync { get; init; } = true;

    public required string StateDirectory { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The kernel worker's own log (refusals, retries); null: the factory's "Evpnd.KernelSync".</summary>
    public ILogger? KernelLogger { get; init; }

    /// <summary>
    /// Wraps the kernel worker's event writer (the daemon counts events and marks readiness);
    /// called when the kernel worker first starts, so that what it wraps with may be built after the speaker.
    /// </summary>
    public Func<ChannelWriter<KernelEvent>, ChannelWriter<KernelEvent>>? KernelEvents { get; init; }

    /// <summary>
    /// The kernel worker's report of installed remote MACs (<see cref="KernelSyncOptions.RemoteMacsInstalled"/>;
    /// the daemon's latency histogram); asked for when the kernel worker starts, like <see cref="KernelEvents"/>.
    /// </summary>
    public Func<Action<TimeSpan, int>?>? RemoteMacsInstalled { get; init; }
}
