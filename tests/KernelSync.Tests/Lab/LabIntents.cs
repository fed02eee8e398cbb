using Evpnd.KernelSync.Netlink;

namespace Evpnd.KernelSync.Tests.Lab;

/// <summary>
/// The lab's entries (on vxlan100, br0) as the EVPN side says them: intents for VNI 100, which
/// the reconciler resolves to the lab's devices itself.
/// </summary>
internal static class LabIntents
{
    public static readonly Vni Vni = new(100);

    public static DataplaneIntent Wanted(this RemoteMacEntry entry) =>
        DataplaneIntent.RemoteMac(Vni, entry.Mac, IpAddressValue.From(entry.RemoteVtep), entry.Sticky);

    public static DataplaneIntent Wanted(this FloodEntry entry) => DataplaneIntent.FloodVtep(Vni, IpAddressValue.From(entry.RemoteVtep));

    public static DataplaneIntent Wanted(this NeighborEntry entry) =>
        DataplaneIntent.Neighbor(Vni, entry.Address, entry.Mac, entry.Router);

    /// <summary>Replaces the whole desired state with these entries of the lab.</summary>
    public static void SetDesired(this KernelReconciler reconciler, IEnumerable<FloodEntry> flood, IEnumerable<RemoteMacEntry> macs, IEnumerable<NeighborEntry>? neighbors = null) =>
        reconciler.SetDesired([.. flood.Select(Wanted), .. macs.Select(Wanted), .. (neighbors ?? []).Select(Wanted)]);

    public static void AddFloodEntry(this KernelReconciler reconciler, FloodEntry entry) => reconciler.Apply(entry.Wanted());

    public static void UpsertRemoteMac(this KernelReconciler reconciler, RemoteMacEntry entry) => reconciler.Apply(entry.Wanted());

    public static void WithdrawRemoteMac(this KernelReconciler reconciler, RemoteMacEntry entry) => reconciler.Apply(DataplaneIntent.RemoteMacGone(Vni, entry.Mac));

    /// <summary>The reconciler over the lab namespace's link table as it is now.</summary>
    public static KernelReconciler Reconciler(RtnetlinkClient client, OwnershipStore store, TimeSpan grace, TimeProvider? time = null, RtnetlinkClient? writer = null) =>
        new(client, store, VniTable.Of(client.DumpLinks()), grace, time, writer);
}
