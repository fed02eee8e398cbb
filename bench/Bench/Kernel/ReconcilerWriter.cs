using System.Diagnostics;
using Evpnd.KernelSync;
using Evpnd.KernelSync.Netlink;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// A diagnostic between (c) and (c'): evpnd's <see cref="KernelReconciler"/> (ownership record
/// included) driven directly, without the worker's monitor, channels or events. Flushing every
/// <see cref="FlushEvery"/> commands as the worker does (its MaxCommandsPerFlush), or once at the
/// end, tells the cost of the ownership record apart from the rest of the worker.
/// </summary>
internal sealed class ReconcilerWriter(int flushEvery)
{
    /// <summary>The bench's VXLAN devices all carry VNI 100.</summary>
    private static readonly Vni Vni = new(100);

    private KernelReconciler? _reconciler;
    private RtnetlinkClient? _client;
    private string? _stateDirectory;

    public int FlushEvery { get; } = flushEvery;

    public WriterResult Install(VxlanDevice device, RemoteMacEntry[] entries)
    {
        _stateDirectory = Path.Combine(Path.GetTempPath(), $"evpnd-bench-{Environment.ProcessId}-reconciler-{device.VxlanIfindex}");
        _client = RtnetlinkClient.OpenInNamespace(device.Namespace);
        _reconciler = new KernelReconciler(_client, new OwnershipStore(_stateDirectory), VniTable.Of(_client.DumpLinks()), TimeSpan.FromHours(1));
        return Run(entries, delete: false);
    }

    public WriterResult Remove(RemoteMacEntry[] entries) => Run(entries, delete: true);

    public void Close()
    {
        _reconciler?.Dispose();
        _client?.Dispose();
        if (_stateDirectory is not null && Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    private WriterResult Run(RemoteMacEntry[] entries, bool delete)
    {
        var reconciler = _reconciler!;
        var failures = new List<BatchFailure>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < entries.Length; i++)
        {
            if (delete)
            {
                reconciler.Apply(DataplaneIntent.RemoteMacGone(Vni, entries[i].Mac));
            }
            else
            {
                reconciler.Apply(DataplaneIntent.RemoteMac(Vni, entries[i].Mac, IpAddressValue.From(entries[i].RemoteVtep), entries[i].Sticky));
            }

            if ((i + 1) % FlushEvery == 0)
            {
                failures.AddRange(reconciler.Flush());
            }
        }

        failures.AddRange(reconciler.Flush());
        return new WriterResult(watch.Elapsed, failures.Count, failures.Count == 0 ? null : failures[0].ToString());
    }
}
