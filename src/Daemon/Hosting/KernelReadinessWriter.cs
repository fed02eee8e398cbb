using System.Threading.Channels;
using Evpnd.Daemon.Metrics;
using Evpnd.KernelSync;

namespace Evpnd.Daemon.Hosting;

/// <summary>
/// Passes the kernel worker's events on unchanged and marks the daemon's kernel side ready at
/// the worker's first full resynchronisation ("start"). READINESS HOOK: once the kernel worker's
/// owner calls <see cref="ReadinessGate.MarkKernelReady"/> itself (and <see cref="ReadinessGate.Beat"/>
/// from the worker's loop for the watchdog), this tap goes; the metrics' counting moves with it.
/// </summary>
/// <remarks>Metrics count the events that only pass by here (refusals, resynchronisations).</remarks>
internal sealed class KernelReadinessWriter(ChannelWriter<KernelEvent> inner, ReadinessGate readiness, EvpndMetrics? metrics = null) : ChannelWriter<KernelEvent>
{
    public override bool TryComplete(Exception? error = null) => inner.TryComplete(error);

    public override bool TryWrite(KernelEvent item)
    {
        if (!inner.TryWrite(item))
        {
            return false;
        }
        Seen(item);
        return true;
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => inner.WaitToWriteAsync(cancellationToken);

    public override async ValueTask WriteAsync(KernelEvent item, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        Seen(item);
    }

    private void Seen(KernelEvent item)
    {
        metrics?.KernelEvent(item);
        if (item is KernelResynchronised { Reason: "start" })
        {
            readiness.MarkKernelReady();
        }
    }
}
