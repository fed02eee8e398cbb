using System.ComponentModel;
using System.Threading.Channels;
using Evpnd.KernelSync;
using Evpnd.KernelSync.Netlink;
using Microsoft.Extensions.Logging;

namespace Evpnd.Composition;

/// <summary>
/// Runs the kernel-sync worker, the only code that talks netlink. If the kernel refuses us (not
/// root, no CAP_NET_ADMIN) it says so in one line and tries again later, so that BGP keeps
/// running and the dataplane follows once the privilege is granted.
/// </summary>
internal sealed class KernelRunner(KernelSyncOptions options, ChannelReader<KernelSyncRequest> requests, ChannelWriter<KernelEvent> events,
    string missingPrivilege, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan s_retry = TimeSpan.FromSeconds(10);

    public Task RunAsync(CancellationToken stoppingToken) =>
        // Netlink calls block briefly: keep them off the thread pool's busy threads.
        Task.Factory.StartNew(() => RunLoopAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        if (!NetAdminCapability.Effective())
        {
            logger.LogError("{Message}", missingPrivilege);
        }
        string? lastError = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await new KernelSyncWorker(options).RunAsync(requests, events, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Win32Exception or NetlinkException or IOException or UnauthorizedAccessException)
            {
                var error = Describe(e);
                if (error != lastError)
                {
                    logger.LogError("kernel: {Error}; evpnd keeps BGP running and retries every {Seconds} s", error, s_retry.TotalSeconds);
                    lastError = error;
                }
            }
            try
            {
                await Task.Delay(s_retry, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private string Describe(Exception e) => e switch
    {
        Win32Exception { NativeErrorCode: 1 or 13 } or NetlinkException { Errno: 1 or 13 } => missingPrivilege,
        UnauthorizedAccessException u => $"cannot write the state directory: {u.Message}; set state-dir to a writable directory",
        _ => $"cannot talk to the kernel: {e.Message}",
    };
}
