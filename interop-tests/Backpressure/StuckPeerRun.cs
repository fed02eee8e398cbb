using Evpnd.Interop.Tests.Harness.RawBgp;

namespace Evpnd.Interop.Tests.Backpressure;

/// <summary>What one run of the stuck-peer scenario measured, and its peers (still connected; the caller disposes them).</summary>
internal sealed record StuckPeerRun(
    RawBgpPeer P1,
    RawBgpPeer P2,
    RawBgpPeer P3,
    int Updates,
    TimeSpan Written,
    TimeSpan AllInKernel,
    int KernelAtMidRun,
    TimeSpan MidRunMacAtP1,
    TimeSpan MidRunMacInKernel) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await P1.DisposeAsync();
        await P2.DisposeAsync();
        await P3.DisposeAsync();
    }

    public override string ToString() =>
        $"P1 wrote {StuckPeerTests.Macs:N0} MACs ({Updates:N0} UPDATEs) in {Written.TotalSeconds:F1} s; all in the DUT's kernel after {AllInKernel.TotalSeconds:F1} s " +
        $"({StuckPeerTests.Macs / AllInKernel.TotalSeconds:N0} MACs/s); P3's MAC announced mid-run (P1 half written, about {KernelAtMidRun:N0} of its MACs in the kernel): " +
        $"at P1 after {MidRunMacAtP1.TotalMilliseconds:F0} ms, seen in the kernel after {MidRunMacInKernel.TotalMilliseconds:F0} ms (polled every 200 ms)";
}
