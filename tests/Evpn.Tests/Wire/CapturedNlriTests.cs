using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Tests.Vectors;
using Evpnd.Evpn.Wire;

namespace Evpnd.Evpn.Tests.Wire;

/// <summary>Every EVPN NLRI field FRR and GoBGP put on the wire decodes and re-encodes byte for byte.</summary>
public sealed class CapturedNlriTests
{
    private static IEnumerable<TestCaseData> EvpnUpdates() =>
        CapturedVectors.Updates
            .Select(m => (Message: m, Parts: EvpnUpdateParts.Of(m)))
            .Where(x => x.Parts.ReachNlri is { Length: > 0 } || x.Parts.UnreachNlri is { Length: > 0 })
            .Select(x => new TestCaseData(x.Message).SetName($"{x.Message.File}#{x.Message.Number} {x.Message.Direction}"));

    [Test]
    public void The_captures_hold_EVPN_updates()
    {
        Assert.That(EvpnUpdates().Count(), Is.GreaterThan(40));
    }

    [TestCaseSource(nameof(EvpnUpdates))]
    public void Reach_and_unreach_NLRI_decode_and_reencode_identically(CapturedMessage message)
    {
        var parts = EvpnUpdateParts.Of(message);
        foreach (var field in new[] { parts.ReachNlri, parts.UnreachNlri })
        {
            if (field is null || field.Length == 0)
            {
                continue;
            }
            var result = EvpnNlri.Decode(field);
            Assert.That(result.Validation.Action, Is.EqualTo(UpdateErrorAction.None), result.Validation.Reason);
            Assert.That(result.Routes, Is.Not.Empty);
            Assert.That(Convert.ToHexString(EvpnNlri.Encode(result.Routes)), Is.EqualTo(Convert.ToHexString(field)));
        }
    }

    [TestCaseSource(nameof(EvpnUpdates))]
    public void The_walker_sees_the_same_routes_as_Decode(CapturedMessage message)
    {
        var field = EvpnUpdateParts.Of(message).ReachNlri ?? EvpnUpdateParts.Of(message).UnreachNlri!;
        var decoded = EvpnNlri.Decode(field).Routes;
        var reader = new EvpnNlriReader(field);
        int i = 0;
        while (reader.TryRead(out var view))
        {
            Assert.That(view.Type, Is.EqualTo(decoded[i].RouteType));
            Assert.That(view.Rd, Is.EqualTo(decoded[i].Rd));
            Assert.That(view.Encoded.ToArray(), Is.EqualTo(decoded[i].Encode()));
            if (decoded[i] is MacIpAdvertisementRoute macIp)
            {
                Assert.That(view.MacIpKey, Is.EqualTo(macIp.Key));
                Assert.That(view.MacIpLabel1, Is.EqualTo(macIp.Label1));
            }
            i++;
        }
        Assert.That(i, Is.EqualTo(decoded.Length));
    }
}
