using Evpnd.Bgp.Session;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>RFC 4271 s6.8 connection collision, both outcomes and the Established case.</summary>
public sealed class CollisionResolverTests
{
    private const uint Low = 0x0A000001;
    private const uint High = 0x0A000002;

    [TestCase(null)]
    [TestCase(SessionState.Idle)]
    [TestCase(SessionState.Connect)]
    [TestCase(SessionState.Active)]
    public void NoOtherConnectionPastActive_IsNoCollision(SessionState? other)
    {
        Assert.That(CollisionResolver.Resolve(ConnectionDirection.Incoming, other, High, Low, 1, 2), Is.EqualTo(CollisionOutcome.NoCollision));
    }

    [TestCase(SessionState.OpenSent)]
    [TestCase(SessionState.OpenConfirm)]
    public void WeHaveTheHigherId_OurConnectionSurvives(SessionState other)
    {
        // OPEN on the peer's connection: it loses.
        Assert.That(CollisionResolver.Resolve(ConnectionDirection.Incoming, other, High, Low, 1, 2), Is.EqualTo(CollisionOutcome.CloseThis));
        // OPEN on our connection: the peer's one loses.
        Assert.That(CollisionResolver.Resolve(ConnectionDirection.Outgoing, other, High, Low, 1, 2), Is.EqualTo(CollisionOutcome.CloseOther));
    }

    [TestCase(SessionState.OpenSent)]
    [TestCase(SessionState.OpenConfirm)]
    public void PeerHasTheHigherId_ItsConnectionSurvives(SessionState other)
    {
        Assert.That(CollisionResolver.Resolve(ConnectionDirection.Incoming, other, Low, High, 1, 2), Is.EqualTo(CollisionOutcome.CloseOther));
        Assert.That(CollisionResolver.Resolve(ConnectionDirection.Outgoing, other, Low, High, 1, 2), Is.EqualTo(CollisionOutcome.CloseThis));
    }

    [Test]
    public void IdsCompareAsUnsignedHostOrderIntegers()
    {
        // 200.0.0.1 > 10.0.0.1 even though the first is negative as a signed int.
        Assert.That(CollisionResolver.Survivor(0xC8000001, 0x0A000001, 1, 2), Is.EqualTo(ConnectionDirection.Outgoing));
    }

    [Test]
    public void EqualIds_LargerAsWins()
    {
        Assert.That(CollisionResolver.Survivor(Low, Low, 65002, 65001), Is.EqualTo(ConnectionDirection.Outgoing));
        Assert.That(CollisionResolver.Survivor(Low, Low, 65001, 65002), Is.EqualTo(ConnectionDirection.Incoming));
    }

    [TestCase(ConnectionDirection.Incoming)]
    [TestCase(ConnectionDirection.Outgoing)]
    public void OtherEstablished_NewcomerIsClosed(ConnectionDirection direction)
    {
        Assert.That(CollisionResolver.Resolve(direction, SessionState.Established, High, Low, 1, 2), Is.EqualTo(CollisionOutcome.CloseThis));
        Assert.That(CollisionResolver.Resolve(direction, SessionState.Established, Low, High, 1, 2), Is.EqualTo(CollisionOutcome.CloseThis));
    }
}
