namespace Evpnd.KernelSync.Tests.Reconciliation;

/// <summary>
/// A queued neighbour change (a MAC/IP route's ARP/ND entry) keeps its address as a value: the
/// way from an intent to the netlink buffer allocates nothing per route.
/// </summary>
public sealed class PendingChangeTests
{
    [TestCase("192.168.100.20")]
    [TestCase("fd00:100::20")]
    public void A_neighbour_change_gives_back_its_entry_without_allocating(string address)
    {
        var entry = new NeighborEntry(7, IpAddressValue.Parse(address), MacAddress.Parse("02:00:00:00:00:20"), Router: true);
        _ = new PendingChange(PendingChangeKind.NeighborReplace, neighbor: entry).Neighbor;

        long before = GC.GetAllocatedBytesForCurrentThread();
        var change = new PendingChange(PendingChangeKind.NeighborReplace, neighbor: entry);
        var back = change.Neighbor;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(back, Is.EqualTo(entry));
            Assert.That(allocated, Is.Zero);
        });
    }
}
