using System.Diagnostics;
using System.Globalization;
using System.Net;
using Evpnd.Interop.Tests.Evpn;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using Evpnd.Interop.Tests.Harness.RawBgp;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Backpressure;

/// <summary>
/// evpnd as the DUT with three eBGP peers of the tests' own (<see cref="RawBgpPeer"/>), all in one
/// namespace behind one veth:
/// <code>
///   [peers: P1 10.0.1.1 (AS 65011, VTEP 10.255.0.11)   the announcer
///           P2 10.0.1.3 (AS 65012)                     stops reading after OPEN
///           P3 10.0.1.4 (AS 65013, VTEP 10.255.0.13)]  well-behaved, announces a MAC mid-run
///        --10.0.1.0/24-- [dut: evpnd, VTEP 10.255.0.2, br100/vxlan100 (VNI 100)]
/// </code>
/// Hold time 9 s (keepalive 3 s) everywhere, so a speaker that stalls shows within seconds.
/// </summary>
internal sealed class BackpressureLab
{
    public const string DutAddress = "10.0.1.2";
    public const string P1Address = "10.0.1.1";
    public const string P2Address = "10.0.1.3";
    public const string P3Address = "10.0.1.4";
    public const ushort HoldTime = 9;

    public static readonly RawEvpnOrigin P1Origin = new(65011, IPAddress.Parse("10.255.0.11"), IPAddress.Parse("10.255.0.11"), 100, Vni);
    public static readonly RawEvpnOrigin P3Origin = new(65013, IPAddress.Parse("10.255.0.13"), IPAddress.Parse("10.255.0.13"), 100, Vni);

    private BackpressureLab(Netns peers, Netns dut, EvpndNode? evpnd, FrrNode? frr)
    {
        Peers = peers;
        Dut = dut;
        _evpnd = evpnd;
        Frr = frr;
    }

    private readonly EvpndNode? _evpnd;

    public Netns Peers { get; }

    public Netns Dut { get; }

    public EvpndNode Evpnd => _evpnd ?? throw new InvalidOperationException("FRR is the DUT of this lab");

    /// <summary>FRR bgpd+zebra as the DUT instead of evpnd (the baseline).</summary>
    public FrrNode? Frr { get; }

    private static readonly (string Address, uint Asn)[] s_peers = [(P1Address, 65011), (P2Address, 65012), (P3Address, 65013)];

    public static async Task<BackpressureLab> CreateAsync(Lab lab)
    {
        var (peers, dut) = await PrepareAsync(lab);
        EvpndNode evpnd = lab.AddEvpnd(dut, EvpndAs, EvpndVtep);
        // Debug logging of a 200,000-route run is its own load; info says what the test needs.
        evpnd.LogLevel = "info";
        foreach (var (address, asn) in s_peers)
        {
            evpnd.AddNeighbor(new EvpndNeighborConfig(address, asn.ToString(CultureInfo.InvariantCulture))
            {
                Passive = true,
                HoldTime = HoldTime,
                Keepalive = HoldTime / 3,
            });
        }
        evpnd.ExtraYaml = VtepNamespace.EvpndYaml(lab, dut, EvpndVtep);
        await evpnd.StartAsync();
        return new BackpressureLab(peers, dut, evpnd, null);
    }

    /// <summary>The same lab with FRR 8.4 (bgpd+zebra, advertise-all-vni) as the DUT.</summary>
    public static async Task<BackpressureLab> CreateWithFrrAsync(Lab lab)
    {
        var (peers, dut) = await PrepareAsync(lab);
        FrrNode frr = lab.AddFrr(dut, EvpndAs, EvpndVtep);
        foreach (var (address, asn) in s_peers)
        {
            frr.AddNeighbor(new FrrNeighborConfig(address, asn.ToString(CultureInfo.InvariantCulture)) { Passive = true, HoldTime = HoldTime });
        }
        frr.EvpnConfig.Add("advertise-all-vni");
        await frr.StartAsync();
        return new BackpressureLab(peers, dut, null, frr);
    }

    private static async Task<(Netns Peers, Netns Dut)> PrepareAsync(Lab lab)
    {
        Netns peers = await lab.AddNamespaceAsync("peers");
        Netns dut = await lab.AddNamespaceAsync("dut");
        VethLink link = await lab.ConnectAsync(peers, dut);
        await peers.AddAddressAsync(link.A.Interface, $"{P2Address}/24");
        await peers.AddAddressAsync(link.A.Interface, $"{P3Address}/24");
        await VtepNamespace.PrepareAsync(dut, EvpndVtep, link.A.IPv4.ToString());
        return (peers, dut);
    }

    /// <summary>Connects a raw peer from its address and completes the OPEN exchange.</summary>
    public async Task<RawBgpPeer> ConnectAsync(string name, string address, uint asn, bool keepReading)
    {
        // The peer that stops reading gets a small receive window: its TCP window closes sooner.
        var peer = await RawBgpPeer.ConnectAsync(Peers, name, address, DutAddress, receiveBuffer: keepReading ? 0 : 4096);
        await peer.EstablishAsync(asn, IPAddress.Parse(address), HoldTime, keepReading);
        if (Frr is { } frr)
        {
            await frr.WaitForNeighborStateAsync(address, "Established");
        }
        else
        {
            await Evpnd.WaitForNeighborStateAsync(address, "Established");
        }
        return peer;
    }

    /// <summary>Remote MACs towards <paramref name="vtep"/> in the DUT's kernel (the VXLAN device's own entries, `self`, not the bridge's).</summary>
    public Task<int> KernelMacCountAsync(IPAddress vtep) => VtepNamespace.KernelMacCountAsync(Dut, vtep);

    /// <summary>The DUT's kernel holds the MAC on the VXLAN device.</summary>
    public async Task<bool> KernelHasMacAsync(ulong mac) =>
        (await Dut.ExecAsync("bridge", "fdb", "get", RawBgpMessages.MacText(mac), "dev", Vxlan, "self")).Succeeded;

    /// <summary>Polls until the condition holds and returns the time it took from <paramref name="since"/>.</summary>
    public static async Task<TimeSpan> TimeUntilAsync(Stopwatch since, Func<Task<bool>> condition, string description, TimeSpan timeout)
    {
        await Poll.UntilAsync(condition, ok => ok, description, timeout);
        return since.Elapsed;
    }

    /// <summary>
    /// Polls the full kernel count once a second, not every 200 ms: a dump of 400,000 FDB entries
    /// holds the kernel (and a core) long enough to slow down what it measures.
    /// </summary>
    public async Task<int> WaitForKernelMacCountAsync(IPAddress vtep, int count, TimeSpan timeout)
    {
        var elapsed = Stopwatch.StartNew();
        int seen;
        while ((seen = await KernelMacCountAsync(vtep)) < count)
        {
            if (elapsed.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {count:N0} MACs towards {vtep} in evpnd's kernel; last seen {seen:N0}");
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return seen;
    }
}
