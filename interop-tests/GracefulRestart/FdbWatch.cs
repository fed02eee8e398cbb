using Evpnd.Interop.Tests.Harness;

namespace Evpnd.Interop.Tests.GracefulRestart;

/// <summary>
/// Polls a namespace's VXLAN FDB as fast as `bridge fdb show` answers, in the background, and
/// records every poll at which an entry that must stay was missing.
/// </summary>
internal sealed class FdbWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly List<string> _gaps = [];
    private int _polls;

    public FdbWatch(Netns ns, string device, IReadOnlyList<(string Mac, string Dst)> mustStay)
    {
        _run = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                IReadOnlyList<FdbEntry> fdb = await ns.GetFdbAsync(device);
                foreach (var (mac, dst) in mustStay)
                {
                    if (!fdb.Any(e => e.Mac == mac && e.Dst == dst))
                    {
                        lock (_gaps)
                        {
                            _gaps.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {mac} dst {dst} missing");
                        }
                    }
                }
                Interlocked.Increment(ref _polls);
            }
        });
    }

    public int Polls => Volatile.Read(ref _polls);

    public IReadOnlyList<string> Gaps
    {
        get
        {
            lock (_gaps)
            {
                return [.. _gaps];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
