using System.Net;
using Evpnd.Bgp.Rib;

namespace Evpnd.Bgp.Tests.Rib;

public sealed class BestPathComparerTests
{
    private static readonly PathRank s_base = new()
    {
        LocalPreference = 100,
        AsPathLength = 2,
        Origin = 0,
        MultiExitDisc = 0,
        NeighborAs = 65001,
        FromExternalPeer = true,
        OriginatorOrRouterId = 0x0A000001,
        PeerAddress = IPAddress.Parse("10.0.0.1"),
    };

    private static IEnumerable<TestCaseData> Steps()
    {
        yield return new TestCaseData(s_base with { Local = true }, s_base with { LocalPreference = 500 }).SetName("local route beats any learned one");
        yield return new TestCaseData(s_base with { LocalPreference = 200 }, s_base with { AsPathLength = 0 }).SetName("higher LOCAL_PREF before AS_PATH");
        yield return new TestCaseData(s_base with { AsPathLength = 1 }, s_base with { Origin = 0, AsPathLength = 2 }).SetName("shorter AS_PATH");
        yield return new TestCaseData(s_base with { Origin = 0 }, s_base with { Origin = 2 }).SetName("IGP origin beats INCOMPLETE");
        yield return new TestCaseData(s_base with { MultiExitDisc = 5 }, s_base with { MultiExitDisc = 10, FromExternalPeer = true }).SetName("lower MED from the same neighbor AS");
        yield return new TestCaseData(s_base with { FromExternalPeer = true, OriginatorOrRouterId = 9 }, s_base with { FromExternalPeer = false, OriginatorOrRouterId = 1 }).SetName("eBGP beats iBGP");
        yield return new TestCaseData(s_base with { OriginatorOrRouterId = 1 }, s_base with { OriginatorOrRouterId = 2, ClusterListLength = 0 }).SetName("lower originator/router id");
        yield return new TestCaseData(s_base with { ClusterListLength = 1 }, s_base with { ClusterListLength = 2 }).SetName("shorter CLUSTER_LIST");
        yield return new TestCaseData(s_base with { PeerAddress = IPAddress.Parse("10.0.0.1") }, s_base with { PeerAddress = IPAddress.Parse("10.0.0.2") }).SetName("lower peer address");
        yield return new TestCaseData(s_base with { PeerAddress = IPAddress.Parse("10.0.0.9") }, s_base with { PeerAddress = IPAddress.Parse("fd00::1") }).SetName("IPv4 peer before IPv6 peer");
    }

    [TestCaseSource(nameof(Steps))]
    public void BetterPathWinsInEitherOrder(PathRank better, PathRank worse)
    {
        Assert.That(BestPathComparer.Compare(better, worse), Is.LessThan(0));
        Assert.That(BestPathComparer.Compare(worse, better), Is.GreaterThan(0));
    }

    [Test]
    public void MedIsIgnoredBetweenDifferentNeighborAses()
    {
        var lowMedFarAs = s_base with { MultiExitDisc = 0, NeighborAs = 65009, OriginatorOrRouterId = 9 };
        var highMedNearAs = s_base with { MultiExitDisc = 50, NeighborAs = 65001, OriginatorOrRouterId = 1 };

        // Decided by the router id, not by MED.
        Assert.That(BestPathComparer.Compare(highMedNearAs, lowMedFarAs), Is.LessThan(0));
    }

    [Test]
    public void IdenticalPathsAreEqual()
    {
        Assert.That(BestPathComparer.Compare(s_base, s_base with { }), Is.EqualTo(0));
    }
}
