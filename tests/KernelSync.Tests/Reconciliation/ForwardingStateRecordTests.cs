using Evpnd.KernelSync;

namespace Evpnd.KernelSync.Tests.Reconciliation;

/// <summary>The query behind our F bit: an ownership record with entries, written since the kernel booted.</summary>
public sealed class ForwardingStateRecordTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("evpnd-fwstate-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Snapshot => new OwnershipStore(_dir).FilePath;

    [Test]
    public void NoRecord_NotKept() => Assert.That(ForwardingStateRecord.Kept(_dir), Is.False);

    [Test]
    public void ARecordWithAnEntry_WrittenSinceBoot_Kept()
    {
        File.WriteAllText(Snapshot, "# evpnd KernelSync ownership v1 generation 1\nflood 5 vxlan100 10.0.0.3 0\n");
        Assert.That(ForwardingStateRecord.Kept(_dir), Is.True);
    }

    [Test]
    public void ARecordWithoutEntries_NotKept()
    {
        File.WriteAllText(Snapshot, "# evpnd KernelSync ownership v1 generation 1\n");
        Assert.That(ForwardingStateRecord.Kept(_dir), Is.False);
    }

    [Test]
    public void ARecordFromBeforeTheKernelBooted_NotKept()
    {
        // A reboot empties the kernel's FDB; the state directory survives it.
        File.WriteAllText(Snapshot, "# evpnd KernelSync ownership v1 generation 1\nflood 5 vxlan100 10.0.0.3 0\n");
        File.SetLastWriteTimeUtc(Snapshot, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.That(ForwardingStateRecord.Kept(_dir), Is.False);
    }
}
