using System.Net;
using Evpnd.Composition;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;

namespace Evpnd.Speaker.Tests.Composition;

public sealed class LocalHostListTests
{
    private static readonly MacAddress s_a = MacAddress.Parse("02:00:00:00:00:0a");
    private static readonly MacAddress s_b = MacAddress.Parse("02:00:00:00:00:0b");
    private static readonly IPAddress s_ip1 = IPAddress.Parse("192.168.100.1");
    private static readonly IPAddress s_ip2 = IPAddress.Parse("fd00:100::1");

    [Test]
    public void RemovingAMacWithoutAnIpTakesEveryBindingOfItAndNothingElse()
    {
        var list = new LocalHostList();
        list.Add(new StaticHost(s_a, null));
        list.Add(new StaticHost(s_b, s_ip1));
        list.Add(new StaticHost(s_a, s_ip1));
        list.Add(new StaticHost(s_a, s_ip2));

        Assert.That(list.Remove(s_a, null), Is.True);

        Assert.That(list, Is.EqualTo(new[] { new StaticHost(s_b, s_ip1) }));
        Assert.That(list.Remove(s_a, null), Is.False);
    }

    [Test]
    public void RemovingOneBindingKeepsTheMacAndItsOtherBindings()
    {
        var list = new LocalHostList();
        list.Add(new StaticHost(s_a, null));
        list.Add(new StaticHost(s_a, s_ip1));
        list.Add(new StaticHost(s_a, s_ip2));

        Assert.That(list.Remove(s_a, s_ip1), Is.True);

        Assert.That(list, Is.EquivalentTo(new[] { new StaticHost(s_a, null), new StaticHost(s_a, s_ip2) }));
        Assert.That(list.Contains(new StaticHost(s_a, s_ip1)), Is.False);
        Assert.That(list.Remove(s_a, s_ip1), Is.False);
    }

    [Test]
    public void TheListStaysDenseThroughManyChanges()
    {
        var list = new LocalHostList();
        var macs = Enumerable.Range(1, 1000).Select(i => new MacAddress(0x0200_0000_0000UL + (ulong)i)).ToArray();
        foreach (var mac in macs)
        {
            Assert.That(list.Add(new StaticHost(mac, null)), Is.True);
        }
        foreach (var mac in macs.Where((_, i) => i % 3 == 0))
        {
            Assert.That(list.Remove(mac, null), Is.True);
        }

        var kept = macs.Where((_, i) => i % 3 != 0).Select(m => new StaticHost(m, null)).ToArray();
        Assert.That(list.Count, Is.EqualTo(kept.Length));
        Assert.That(list, Is.EquivalentTo(kept));
        Assert.That(Enumerable.Range(0, list.Count).Select(i => list[i]), Is.EquivalentTo(kept));
    }
}
