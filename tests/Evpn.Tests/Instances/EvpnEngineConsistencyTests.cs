using System.Net;
using Evpnd.Evpn.Instances;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>
/// A long seeded sequence of remote routes, local learning, neighbours and VNI changes: after every
/// step what the dataplane was told (replayed from the intents) must be what the engine shows, no
/// intent may repeat the state or remove what was never installed, and once everything is
/// withdrawn nothing may be left, neither in the dataplane nor in the engine.
/// </summary>
public sealed class EvpnEngineConsistencyTests
{
    private static readonly string[] s_vteps = ["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"];
    private static readonly string[] s_rts = ["65002:100", "65002:100", "65002:100", "65002:200", "65002:999"];

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void The_dataplane_follows_the_engine_through_any_sequence(int seed)
    {
        var random = new Random(seed);
        var fixture = new EngineFixture().WithVni100();
        var replay = new DataplaneReplay();
        var announced = new HashSet<(int Mac, string Vtep, string? Ip)>();
        bool vni200 = false;
        for (int step = 0; step < 3000; step++)
        {
            int mac = random.Next(24);
            string vtep = s_vteps[random.Next(s_vteps.Length)];
            string? ip = random.Next(3) == 0 ? $"192.168.1.{random.Next(8)}" : null;
            switch (random.Next(100))
            {
                case < 45:
                    // Now and then the same route (same RD) through another next hop.
                    fixture.RemoteMac(EngineFixture.Mac(mac), vtep, (uint)random.Next(4), sticky: random.Next(10) == 0, ip: ip, rt: s_rts[random.Next(s_rts.Length)],
                        nextHop: random.Next(8) == 0 ? s_vteps[random.Next(s_vteps.Length)] : null);
                    announced.Add((mac, vtep, ip));
                    break;
                case < 70:
                    fixture.RemoteMac(EngineFixture.Mac(mac), vtep, ip: ip, withdraw: true);
                    announced.Remove((mac, vtep, ip));
                    break;
                case < 78:
                    fixture.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(mac), ip is null ? null : IPAddress.Parse(ip), sticky: random.Next(10) == 0);
                    break;
                case < 84:
                    fixture.Engine.LocalMacRemoved(EngineFixture.Vni100, EngineFixture.Mac(mac));
                    break;
                case < 88:
                    fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, IPAddress.Parse($"192.168.1.{random.Next(8)}"), EngineFixture.Mac(mac), random.Next(2) == 0);
                    break;
                case < 91:
                    fixture.Engine.LocalNeighborRemoved(EngineFixture.Vni100, IPAddress.Parse($"192.168.1.{random.Next(8)}"));
                    break;
                case < 94:
                    if (vni200)
                    {
                        fixture.Engine.RemoveLocalVni(new Vni(200));
                    }
                    else
                    {
                        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(new Vni(200), IPAddress.Parse("10.0.0.1")));
                    }
                    vni200 = !vni200;
                    break;
                case < 97:
                    fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1"))
                    {
                        ImportRouteTargets = random.Next(2) == 0 ? [] : [ImportRouteTarget.Parse("65002:999"), ImportRouteTarget.Parse("65002:100")],
                    });
                    break;
                default:
                    fixture.Time.Advance(TimeSpan.FromSeconds(random.Next(200)));
                    fixture.Engine.Tick();
                    break;
            }
            replay.Apply(fixture.Dataplane.Take(), step);
            var installed = Installed(fixture);
            if (!installed.OrderBy(p => (p.Key.Item1, p.Key.Item2.Value)).SequenceEqual(replay.RemoteMacs.OrderBy(p => (p.Key.Item1, p.Key.Item2.Value))))
            {
                Assert.That(replay.RemoteMacs, Is.EquivalentTo(installed), $"step {step}");
            }
        }

        foreach (var (mac, vtep, ip) in announced)
        {
            fixture.RemoteMac(EngineFixture.Mac(mac), vtep, ip: ip, withdraw: true);
        }
        fixture.Engine.RemoveLocalVni(EngineFixture.Vni100);
        fixture.Engine.RemoveLocalVni(new Vni(200));
        replay.Apply(fixture.Dataplane.Take(), -1);

        Assert.That(replay.RemoteMacs, Is.Empty);
        Assert.That(replay.Neighbors, Is.Empty);
        Assert.That(fixture.Originator.Table, Is.Empty);
        Assert.That(fixture.Engine.Footprint(), Is.EqualTo(default(EngineFootprint)));
    }

    private static Dictionary<(uint, MacAddress), string> Installed(EngineFixture fixture) =>
        fixture.Engine.GetMacs().Where(m => !m.IsLocal).ToDictionary(m => (m.Vni.Value, m.Mac), m => m.RemoteVtep + (m.Sticky ? " sticky" : ""));

    /// <summary>The dataplane as the intents describe it; fails on an intent that changes nothing.</summary>
    private sealed class DataplaneReplay
    {
        public Dictionary<(uint, MacAddress), string> RemoteMacs { get; } = [];

        public Dictionary<(uint, string), string> Neighbors { get; } = [];

        public void Apply(IEnumerable<string> lines, int step)
        {
            foreach (var line in lines)
            {
                var f = line.Split(' ');
                uint vni = uint.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture);
                switch (f[0])
                {
                    case "mac":
                        var key = (vni, MacAddress.Parse(f[2]));
                        string value = string.Join(' ', f[3..]);
                        Assert.That(RemoteMacs.GetValueOrDefault(key), Is.Not.EqualTo(value), $"step {step}: '{line}' repeats the state");
                        RemoteMacs[key] = value;
                        break;
                    case "mac-":
                        Assert.That(RemoteMacs.Remove((vni, MacAddress.Parse(f[2]))), Is.True, $"step {step}: '{line}' removes what is not installed");
                        break;
                    case "neigh":
                        Assert.That(Neighbors.GetValueOrDefault((vni, f[2])), Is.Not.EqualTo(string.Join(' ', f[3..])), $"step {step}: '{line}' repeats the state");
                        Neighbors[(vni, f[2])] = string.Join(' ', f[3..]);
                        break;
                    case "neigh-":
                        Assert.That(Neighbors.Remove((vni, f[2])), Is.True, $"step {step}: '{line}' removes what is not installed");
                        break;
                }
            }
        }
    }
}
