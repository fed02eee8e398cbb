using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Hosting;

/// <summary>
/// Talks to systemd over sd_notify (sd_notify(3), through Microsoft.Extensions.Hosting.Systemd's
/// notifier): READY=1 once <see cref="ReadinessGate.Ready"/>, WATCHDOG=1 every half of
/// WATCHDOG_USEC while every watched worker is alive, STOPPING=1 on stop. The package's own
/// SystemdLifetime is not used: it says READY=1 as soon as the host has started, before the
/// kernel worker has read the kernel. Registered last, so that when it starts every hosted
/// service before it (the BGP listener, the control socket) is bound. Without NOTIFY_SOCKET
/// (not under systemd's Type=notify) it does nothing.
/// </summary>
internal sealed class SystemdNotifierService(ReadinessGate readiness, ISystemdNotifier notifier, IReadOnlyList<WorkerProbe> probes,
    ILogger<SystemdNotifierService> logger, TimeProvider time) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _ready = Task.CompletedTask;
    private Task _watchdog = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        readiness.MarkListening();
        if (!notifier.IsEnabled)
        {
            return Task.CompletedTask;
        }
        _ready = NotifyReadyAsync(_stopping.Token);
        if (WatchdogTime() is { } watchdog)
        {
            foreach (var probe in probes)
            {
                readiness.Watch(probe.Worker);
            }
            _watchdog = WatchdogAsync(watchdog, _stopping.Token);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (notifier.IsEnabled)
        {
            notifier.Notify(ServiceState.Stopping);
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_ready, _watchdog).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_ready, _watchdog).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>WATCHDOG_USEC, when it is meant for this process (WATCHDOG_PID, if set, is our pid).</summary>
    public static TimeSpan? WatchdogTime()
    {
        if (Environment.GetEnvironmentVariable("WATCHDOG_PID") is { Length: > 0 } pid &&
            pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }
        return ulong.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;
    }

    private async Task NotifyReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!readiness.IsKernelReady)
            {
                notifier.Notify(new ServiceState("STATUS=BGP listening; waiting for the kernel worker to read the kernel's state"));
            }
            await readiness.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            notifier.Notify(ServiceState.Ready);
            notifier.Notify(new ServiceState("STATUS=serving"));
            logger.LogDebug("told systemd READY=1");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WatchdogAsync(TimeSpan watchdog, CancellationToken cancellationToken)
    {
        var interval = watchdog / 2;
        var reported = false;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                await Task.WhenAll(probes.Select(p => AskAsync(p, interval, cancellationToken))).ConfigureAwait(false);
                var silent = readiness.Silent(watchdog);
                if (silent.Count == 0)
                {
                    notifier.Notify(new ServiceState("WATCHDOG=1"));
                    reported = false;
                }
                else if (!reported)
                {
                    // systemd restarts evpnd once WatchdogSec passes without a ping: say why first.
                    logger.LogCritical("watchdog: the {Workers} worker(s) did not answer for {Seconds:0.#} s; no WATCHDOG=1 is sent, so systemd restarts evpnd",
                        string.Join(", ", silent), watchdog.TotalSeconds);
                    reported = true;
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AskAsync(WorkerProbe probe, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            await probe.Ask(timeout.Token).ConfigureAwait(false);
            readiness.Beat(probe.Worker);
        }
        catch (OperationCanceledException)
        {
            // Not answered in time: no beat, and the watchdog ping waits for one.
        }
    }
}
