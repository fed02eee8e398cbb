using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evpnd.KernelSync;

namespace Evpnd.Daemon.Control;

/// <summary>
/// Answers `show kernel [--vni N]` from the KernelSync worker, which alone talks netlink and owns
/// what it installed: the question goes into its request channel and is answered on its loop.
/// </summary>
/// <param name="patience">How long the worker may take to answer; below the CLI's own 10 s, so that the user hears why.</param>
internal sealed class KernelControlHandler(Func<KernelSyncRequest, CancellationToken, ValueTask> send, TimeSpan? patience = null) : IControlHandler
{
    private readonly TimeSpan _patience = patience ?? TimeSpan.FromSeconds(8);

    public IEnumerable<string> Commands => ["show kernel"];

    public async ValueTask<JsonNode?> HandleAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken)
    {
        Vni? vni = null;
        if (arguments.TryGetValue("vni", out var text))
        {
            if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is 0 or > Vni.MaxValue)
            {
                throw new ControlException($"'{text}' is not a VNI (1..16777215)");
            }
            vni = new Vni(value);
        }
        var request = new InspectKernel(vni, WithEntries: vni is not null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_patience);
        KernelInspection inspection;
        try
        {
            await send(request, timeout.Token).ConfigureAwait(false);
            inspection = await request.Result.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ControlException(string.Create(CultureInfo.InvariantCulture,
                $"the kernel worker did not answer within {_patience.TotalSeconds:0.#} s; it is busy or not running (see the log for 'kernel:' lines)"));
        }
        catch (Exception e) when (e is KernelSync.Netlink.NetlinkException or KernelSync.Netlink.NetlinkDumpInterruptedException or IOException)
        {
            throw new ControlException($"cannot read the kernel's tables: {e.Message}; try again");
        }
        if (vni is { } only && inspection.Vnis.Count == 0)
        {
            throw new ControlException($"VNI {only} has no device and no entries evpnd wants");
        }
        return JsonSerializer.SerializeToNode(KernelList.Of(inspection), ControlJsonContext.Default.KernelList);
    }
}

/// <summary>`show kernel`: per VNI what evpnd owns in the kernel and where it differs from what is wanted.</summary>
/// <param name="GraceOver">False while a restart's grace period keeps owned entries nobody wants yet.</param>
internal sealed record KernelList(bool GraceOver, IReadOnlyList<KernelVniView> Vnis)
{
    public static KernelList Of(KernelInspection inspection) => new(inspection.GraceOver, [.. inspection.Vnis.Select(KernelVniView.Of)]);
}

/// <param name="Differences">Entries not installed as wanted (at most 100 per VNI without --vni; <see cref="Drift"/> has the full counts).</param>
/// <param name="Entries">Every wanted or owned entry, with --vni only.</param>
internal sealed record KernelVniView(uint Vni, string? Device, string? Bridge, bool Usable, KernelCountsView Owned, KernelCountsView Wanted,
    KernelDriftView Drift, IReadOnlyList<KernelEntryView> Differences, IReadOnlyList<KernelEntryView>? Entries)
{
    public static KernelVniView Of(KernelVniInspection v) => new(v.Vni.Value, v.Device, v.Bridge, v.Usable,
        KernelCountsView.Of(v.Owned), KernelCountsView.Of(v.Wanted),
        new KernelDriftView(v.Drift.Missing, v.Drift.Extra, v.Drift.Pending, v.Drift.Foreign, v.Drift.Different, v.Drift.Waiting),
        [.. v.Differences.Select(KernelEntryView.Of)], v.Entries is null ? null : [.. v.Entries.Select(KernelEntryView.Of)]);
}

internal sealed record KernelCountsView(int Flood, int Macs, int Neighbors)
{
    public static KernelCountsView Of(KernelEntryCounts c) => new(c.Flood, c.Macs, c.Neighbors);
}

internal sealed record KernelDriftView(int Missing, int Extra, int Pending, int Foreign, int Different, int Waiting)
{
    public int Total => Missing + Extra + Pending + Foreign + Different + Waiting;
}

/// <param name="Type">flood, mac or neighbor.</param>
/// <param name="State">installed, missing, extra, pending, foreign, different or waiting.</param>
/// <param name="Address">The remote VTEP (flood, mac) or the host's IP (neighbor).</param>
internal sealed record KernelEntryView(string Type, string State, string? Mac, string Address)
{
    public static KernelEntryView Of(KernelEntry e) => new(e.Type switch
    {
        KernelEntryType.Flood => "flood",
        KernelEntryType.Mac => "mac",
        KernelEntryType.Neighbor => "neighbor",
        _ => e.Type.ToString(),
    }, e.State.ToString().ToLowerInvariant(), e.Mac?.ToString(), e.Address.ToString());
}
