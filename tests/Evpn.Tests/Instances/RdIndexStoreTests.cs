using System.Net;
using Evpnd.Evpn.Instances;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

public sealed class RdIndexStoreTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("evpnd-rd-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Auto_RDs_survive_a_restart_whatever_order_the_VNIs_come_back_in()
    {
        string path = Path.Combine(_directory, "state", "rd-index");
        var first = Engine(path);
        first.AddOrUpdateLocalVni(new LocalVni(new Vni(300), IPAddress.Parse("10.0.0.1")));
        first.AddOrUpdateLocalVni(new LocalVni(new Vni(100), IPAddress.Parse("10.0.0.1")));
        first.AddOrUpdateLocalVni(new LocalVni(new Vni(200), IPAddress.Parse("10.0.0.1")));
        var before = first.GetVnis().ToDictionary(v => v.Vni, v => v.Rd);

        var second = Engine(path);
        second.AddOrUpdateLocalVni(new LocalVni(new Vni(200), IPAddress.Parse("10.0.0.1")));
        second.AddOrUpdateLocalVni(new LocalVni(new Vni(100), IPAddress.Parse("10.0.0.1")));
        second.AddOrUpdateLocalVni(new LocalVni(new Vni(300), IPAddress.Parse("10.0.0.1")));
        var after = second.GetVnis().ToDictionary(v => v.Vni, v => v.Rd);

        Assert.That(after, Is.EquivalentTo(before));
        Assert.That(before.Values, Is.Unique);
        Assert.That(before[new Vni(300)].ToString(), Is.EqualTo("10.0.0.1:1"));
        Assert.That(before.Values.All(rd => rd.Type == 1 && rd.Administrator == EngineFixture.RouterId), Is.True);
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }), "no temporary file is left behind");
    }

    [Test]
    public void A_configured_RD_takes_no_index()
    {
        var store = new InMemoryRdIndexStore();
        var engine = new EvpnEngine(new EvpnEngineOptions { RouterId = EngineFixture.RouterId, LocalAs = 65001, RdIndexStore = store },
            new RecordingOriginator(), new RecordingDataplane());

        engine.AddOrUpdateLocalVni(new LocalVni(new Vni(100), IPAddress.Parse("10.0.0.1")) { Rd = RouteDistinguisher.Parse("65001:100") });
        engine.AddOrUpdateLocalVni(new LocalVni(new Vni(200), IPAddress.Parse("10.0.0.1")));

        Assert.That(engine.GetVnis().Select(v => (v.Rd.ToString(), v.AutoRd)), Is.EqualTo(new[] { ("65001:100", false), ("10.0.0.1:1", true) }));
    }

    [Test]
    public void An_unreadable_line_costs_only_its_own_VNI()
    {
        string path = Path.Combine(_directory, "rd-index");
        File.WriteAllText(path, "100 7\nnonsense\n200 7\n");

        var store = new FileRdIndexStore(path);

        Assert.That(store.GetOrAssign(new Vni(100)), Is.EqualTo(7));
        Assert.That(store.GetOrAssign(new Vni(200)), Is.EqualTo(1), "index 7 is taken, so VNI 200 gets the lowest free one");
        Assert.That(new FileRdIndexStore(path).GetOrAssign(new Vni(200)), Is.EqualTo(1));
    }

    private static EvpnEngine Engine(string path) =>
        new(new EvpnEngineOptions { RouterId = EngineFixture.RouterId, LocalAs = 65001, RdIndexStore = new FileRdIndexStore(path) },
            new RecordingOriginator(), new RecordingDataplane());
}
