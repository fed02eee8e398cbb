using System.Diagnostics;
using Evpnd.KernelSync;
using Evpnd.KernelSync.Netlink;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// evpnd's programming layer on its own: <see cref="RtnetlinkClient.CreateBatch"/> and
/// <see cref="FdbBatch.ReplaceRemoteMac"/> / <see cref="FdbBatch.DeleteRemoteMac"/> for every
/// entry, one flush at the end. No ownership record, no monitor: the codec and pipelining cost.
/// </summary>
internal sealed class FdbBatchWriter
{
    public WriterResult Install(VxlanDevice device, RemoteMacEntry[] entries) => Run(device, entries, delete: false);

    public WriterResult Remove(VxlanDevice device, RemoteMacEntry[] entries) => Run(device, entries, delete: true);

    private static WriterResult Run(VxlanDevice device, RemoteMacEntry[] entries, bool delete)
    {
        using var client = RtnetlinkClient.OpenInNamespace(device.Namespace);
        var watch = Stopwatch.StartNew();
        using var batch = client.CreateBatch();
        foreach (ref readonly var entry in entries.AsSpan())
        {
            if (delete)
            {
                batch.DeleteRemoteMac(entry);
            }
            else
            {
                batch.ReplaceRemoteMac(entry);
            }
        }

        var failures = batch.Flush();
        var elapsed = watch.Elapsed;
        return new WriterResult(elapsed, failures.Count, failures.Count == 0 ? null : failures[0].ToString());
    }
}
