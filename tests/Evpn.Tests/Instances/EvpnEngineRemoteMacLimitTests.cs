using Evpnd.Evpn.Instances;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>
/// limits.remote-macs: the kernel is given at most the limit of remote MACs; what is held back is
/// counted, reported once when the limit is reached and once when it clears, and installed as room
/// frees up.
/// </summary>
public sealed class EvpnEngineRemoteMacLimitTests
{
    private readonly List<RemoteMacLimitStatus> _reports = [];

    [SetUp]
    public void ClearReports() => _reports.Clear();

    private EngineFixture Limited(uint limit) =>
        new EngineFixture(o => o with { RemoteMacLimit = limit, RemoteMacLimitChanged = _reports.Add }).WithVni100();

    [Test]
    public void MacsPastTheLimit_AreNotInstalled_AndAreCounted()
    {
        var fixture = Limited(2);

        fixture.RemoteMac(EngineFixture.Mac(1), "10.0.0.2");
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2");
        fixture.RemoteMac(EngineFixture.Mac(3), "10.0.0.2");
        fixture.RemoteMac(EngineFixture.Mac(4), "10.0.0.3");

        Assert.Multiple(() =>
        {
            Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac 100 02:00:00:00:00:01 10.0.0.2", "mac 100 02:00:00:00:00:02 10.0.0.2" }));
            Assert.That(fixture.Engine.RemoteMacLimit, Is.EqualTo(new RemoteMacLimitStatus(2, 2, 2, 2)));
            Assert.That(fixture.Engine.GetVnis().Single().RemoteMacsRefused, Is.EqualTo(2));
            Assert.That(_reports, Is.EqualTo(new[] { new RemoteMacLimitStatus(2, 2, 1, 1) }), "reported once, when the first is held back");
        });
    }

    [Test]
    public void AnInstalledMacThatMoves_IsStillReplaced_AtTheLimit()
    {
        var fixture = Limited(1);
        fixture.RemoteMac(EngineFixture.Mac(1), "10.0.0.2");
        fixture.Dataplane.Take();

        fixture.RemoteMac(EngineFixture.Mac(1), "10.0.0.3", sequence: 1);

        Assert.Multiple(() =>
        {
            Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac 100 02:00:00:00:00:01 10.0.0.3" }));
            Assert.That(_reports, Is.Empty);
        });
    }

    [Test]
    public void WhenAnInstalledMacGoes_TheOldestHeldBackOneTakesItsPlace_AndTheLimitClears()
    {
        var fixture = Limited(1);
        fixture.RemoteMac(EngineFixture.Mac(1), "10.0.0.2");
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2");
        fixture.Dataplane.Take();

        fixture.RemoteMac(EngineFixture.Mac(1), "10.0.0.2", withdraw: true);

        Assert.Multiple(() =>
        {
            Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac- 100 02:00:00:00:00:01", "mac 100 02:00:00:00:00:02 10.0.0.2" }));
            Assert.That(fixture.Engine.RemoteMacLimit, Is.EqualTo(new RemoteMacLimitStatus(1, 1, 0, 1)));
            Assert.That(_reports, Is.EqualTo(new[] { new RemoteMacLimitStatus(1, 1, 1, 1), new RemoteMacLimitStatus(1, 1, 0, 1) }));
        });
    }

    [Test]
    public void AHeldBackMacWithdrawn_NeverReachesTheKernel()
    {
        var fixture = Limited(1);
        fixture.RemoteMac(EngineFixture.Mac(1), "10.0.0.2");
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2");
        fixture.Dataplane.Take();

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", withdraw: true);

        Assert.Multiple(() =>
        {
            Assert.That(fixture.Dataplane.Take(), Is.Empty);
            Assert.That(fixture.Engine.RemoteMacLimit, Is.EqualTo(new RemoteMacLimitStatus(1, 1, 0, 1)));
            Assert.That(_reports, Has.Count.EqualTo(2), "reached, then cleared");
        });
    }

    [Test]
    public void WithoutALimit_NothingIsCounted()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteMac(EngineFixture.Mac(1), "10.0.0.2");

        Assert.Multiple(() =>
        {
            Assert.That(fixture.Engine.RemoteMacLimit, Is.Null);
            Assert.That(fixture.Dataplane.Take(), Has.Count.EqualTo(1));
        });
    }
}
