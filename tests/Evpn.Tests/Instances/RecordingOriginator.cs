using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Wire;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>Records what the engine originates: a log of calls and the resulting table by NLRI.</summary>
internal sealed class RecordingOriginator : IEvpnRouteOriginator
{
    public List<string> Log { get; } = [];

    public Dictionary<string, (byte[] Nlri, byte[] NextHop, IReadOnlyList<PathAttribute> Attributes)> Table { get; } = [];

    public void Originate(ReadOnlyMemory<byte> nlri, ReadOnlyMemory<byte> nextHop, IReadOnlyList<PathAttribute> attributes)
    {
        string hex = Convert.ToHexString(nlri.Span);
        Log.Add("+" + Describe(nlri.Span));
        Table[hex] = (nlri.ToArray(), nextHop.ToArray(), attributes);
    }

    public void Withdraw(ReadOnlyMemory<byte> nlri)
    {
        Log.Add("-" + Describe(nlri.Span));
        Assert.That(Table.Remove(Convert.ToHexString(nlri.Span)), Is.True, "withdrew a route that was not originated");
    }

    public IEnumerable<EvpnRoute> Routes => Table.Values.Select(r => EvpnNlri.Decode(r.Nlri).Routes.Single());

    public (EvpnRoute Route, byte[] NextHop, IReadOnlyList<PathAttribute> Attributes) Single(Func<EvpnRoute, bool> match)
    {
        var found = Table.Values.Select(r => (Route: EvpnNlri.Decode(r.Nlri).Routes.Single(), r.NextHop, r.Attributes)).Where(r => match(r.Route)).ToList();
        Assert.That(found, Has.Count.EqualTo(1), "routes matching: " + string.Join(", ", Table.Values.Select(r => Describe(r.Nlri))));
        return found[0];
    }

    public static string Describe(ReadOnlySpan<byte> nlri) => EvpnNlri.Decode(nlri).Routes.Single() switch
    {
        MacIpAdvertisementRoute r => $"t2 {r.Rd} {r.Mac} {r.Ip}".TrimEnd(),
        InclusiveMulticastRoute r => $"t3 {r.Rd} {r.OriginatingRouter}",
        var r => r.ToString(),
    };
}
