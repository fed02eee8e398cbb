using Evpnd.Interop.Tests.Harness;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Evpn;

/// <summary>Makes a namespace a VTEP for VNI 100 and builds evpnd's EVPN configuration.</summary>
internal static class VtepNamespace
{
    /// <summary>
    /// The VTEP address on lo, a route to the other VTEPs through the underlay (FRR's next-hop
    /// tracking ignores the default route, so it must be a real one), and br100 with vxlan100
    /// (no learning: the control plane fills the FDB), as zebra expects them.
    /// </summary>
    public static async Task PrepareAsync(Netns ns, string vtep, string underlayGateway, string vtepRange = "10.255.0.0/24")
    {
        await ns.AddAddressAsync("lo", vtep.Contains(':', StringComparison.Ordinal) ? $"{vtep}/128" : $"{vtep}/32");
        await ns.AddRouteAsync(vtepRange, underlayGateway);
        await ns.AddBridgeAsync(Bridge);
        await ns.AddVxlanAsync(Vxlan, Vni, vtep, Bridge);
    }

    /// <summary>Remote MACs towards <paramref name="vtep"/> in the namespace's kernel (the VXLAN device's own entries, `self`, not the bridge's).</summary>
    public static async Task<int> KernelMacCountAsync(Netns ns, System.Net.IPAddress vtep, TimeSpan? timeout = null) =>
        (await KernelMacCountsByVtepAsync(ns, timeout)).GetValueOrDefault(vtep.ToString());

    /// <summary>
    /// Remote MACs on the namespace's VXLAN device (its own `self` entries, not the bridge's, no
    /// flood entries), counted per destination VTEP in one dump.
    /// </summary>
    public static async Task<Dictionary<string, int>> KernelMacCountsByVtepAsync(Netns ns, TimeSpan? timeout = null)
    {
        CommandResult result = await ns.ExecAsync(timeout ?? TimeSpan.FromSeconds(60),
            "sh", "-c", $"bridge fdb show dev {Vxlan} | awk '/ self/ && !/ master / && !/^00:00:00:00:00:00/ {{ for (i = 1; i < NF; i++) if ($i == \"dst\") n[$(i + 1)]++ }} END {{ for (d in n) print d, n[d] }}'");
        var counts = new Dictionary<string, int>();
        foreach (string line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ');
            if (parts.Length == 2 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out int n))
            {
                counts[parts[0]] = n;
            }
        }
        return counts;
    }

    /// <summary>A host behind the VTEP's bridge with a fixed MAC, an IPv4 and an IPv6 address.</summary>
    public static Task<Netns> AddHostAsync(Lab lab, string name, Netns vtep, string mac, string ipv4, string ipv6) =>
        lab.AddHostAsync(name, vtep, Bridge, mac, $"{ipv4}/24", $"{ipv6}/64");

    /// <summary>
    /// evpnd's `state-dir` (in the lab directory) and `evpn:` section: VNI 100 discovered from
    /// vxlan100 and also listed, with auto RD/RTs and the given static MACs.
    /// </summary>
    public static string EvpndYaml(Lab lab, Netns ns, string vtep, params string[] staticMacs)
    {
        string stateDir = Path.Combine(lab.Directory, $"{ns.ShortName}-evpnd-state");
        Directory.CreateDirectory(stateDir);
        string macs = staticMacs.Length == 0 ? "" : $"\n      macs: [{string.Join(", ", staticMacs.Select(m => $"\"{m}\""))}]";
        return $$"""
            state-dir: {{stateDir}}
            evpn:
              advertise-all-vni: true
              rt-auto-form: frr
              import-wildcard-as: true
              vnis:
                - vni: {{Vni}}
                  local-vtep: {{vtep}}
                  rd: auto
                  route-targets: { import: [auto], export: [auto] }{{macs}}
            """;
    }
}
