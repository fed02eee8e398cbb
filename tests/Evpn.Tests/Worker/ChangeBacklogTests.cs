using Evpnd.Evpn.Worker;

namespace Evpnd.Evpn.Tests.Worker;

[TestFixture]
public sealed class ChangeBacklogTests
{
    [Test]
    public void HasRoomBelowTheLimit_AndLetsTheRibGoOnlyOnceHalfIsImported()
    {
        var backlog = new ChangeBacklog(1000);
        backlog.Add(999);
        Assert.That(backlog.WaitForRoom(), Is.Null);

        backlog.Add(1);
        var room = backlog.WaitForRoom();
        Assert.That(room, Is.Not.Null);
        Assert.That(backlog.WaitForRoom(), Is.SameAs(room), "one wait, however often asked");

        backlog.Remove(499);
        Assert.That(room!.IsCompleted, Is.False, "501 still waiting");
        backlog.Remove(1);
        Assert.That(room.IsCompleted, Is.True);
        Assert.That(backlog.WaitForRoom(), Is.Null);
        Assert.That(backlog.Count, Is.EqualTo(500));
    }
}
