using System.Globalization;
using Evpnd.Bench.Kernel;

namespace Evpnd.Bench.E2e;

/// <summary>
/// One DUT's fresh lab: namespace <c>evb-PID-Kd</c> for the DUT, <c>evb-PID-Ki</c> for the
/// injector, a veth between them (10.0.0.1/30 - 10.0.0.2/30), in the DUT a bridge br100 and a VXLAN
/// device enslaved to it as an operator creates it
/// (<c>ip link add vxlan100 type vxlan id 100 dstport 4789 local 10.255.0.1 nolearning</c>), the
/// local VTEP address on lo and a route to the remote VTEPs via the injector. Every link is created
/// inside the namespaces; the root namespace is never touched. A directory under /tmp holds
/// configurations, logs and the DUT's state.
/// </summary>
internal sealed class E2eLab
{
    private E2eLab(string dut, string injector, string directory, int vxlanIfindex, int bridgeIfindex)
    {
        DutNamespace = dut;
        InjectorNamespace = injector;
        Directory = directory;
        VxlanIfindex = vxlanIfindex;
        BridgeIfindex = bridgeIfindex;
    }

    public string DutNamespace { get; }

    public string InjectorNamespace { get; }

    public string Directory { get; }

    public int VxlanIfindex { get; }

    public int BridgeIfindex { get; }

    /// <summary>The device as the kernel bench's writers take it.</summary>
    public VxlanDevice Device => new(DutNamespace, "vxlan100", VxlanIfindex, "br100", BridgeIfindex);

    public static E2eLab Create(E2eCleanup cleanup, int generation)
    {
        var prefix = $"evb-{Environment.ProcessId}-{generation}";
        var dut = prefix + "d";
        var injector = prefix + "i";
        var directory = Path.Combine(Path.GetTempPath(), $"evpnd-bench-{Environment.ProcessId}-e2e-{generation}");
        cleanup.AddPath(directory);
        System.IO.Directory.CreateDirectory(directory);
        foreach (var name in new[] { dut, injector })
        {
            Shell.Run("ip", "netns", "add", name);
            cleanup.AddNamespace(name);
            Shell.Run("ip", "-n", name, "link", "set", "lo", "up");
        }

        Shell.Run("ip", "link", "add", "uplink", "netns", dut, "type", "veth", "peer", "name", "uplink", "netns", injector);
        Shell.Run("ip", "-n", dut, "addr", "add", E2eAddresses.DutAddress + "/30", "dev", "uplink");
        Shell.Run("ip", "-n", injector, "addr", "add", E2eAddresses.InjectorAddress + "/30", "dev", "uplink");
        Shell.Run("ip", "-n", dut, "link", "set", "uplink", "up");
        Shell.Run("ip", "-n", injector, "link", "set", "uplink", "up");
        Shell.Run("ip", "-n", dut, "addr", "add", E2eAddresses.DutVtep + "/32", "dev", "lo");
        // FRR resolves an EVPN next hop only through a (non-default) route: one for all remote VTEPs.
        Shell.Run("ip", "-n", dut, "route", "add", E2eAddresses.RemoteVtepRoute, "via", E2eAddresses.InjectorAddress);
        Shell.Run("ip", "-n", dut, "link", "add", "br100", "type", "bridge");
        Shell.Run("ip", "-n", dut, "link", "add", "vxlan100", "type", "vxlan", "id", "100", "dstport", "4789",
            "local", E2eAddresses.DutVtep, "nolearning");
        Shell.Run("ip", "-n", dut, "link", "set", "vxlan100", "master", "br100");
        Shell.Run("ip", "-n", dut, "link", "set", "br100", "up");
        Shell.Run("ip", "-n", dut, "link", "set", "vxlan100", "up");
        return new E2eLab(dut, injector, directory, Ifindex(dut, "vxlan100"), Ifindex(dut, "br100"));
    }

    private static int Ifindex(string ns, string device)
    {
        // "7: vxlan100: <BROADCAST,..." - the index comes first.
        var line = Shell.Run("ip", "-n", ns, "-o", "link", "show", "dev", device);
        return int.Parse(line.AsSpan(0, line.IndexOf(':')), CultureInfo.InvariantCulture);
    }
}
