using System.Globalization;
using System.Text;
using Evpnd.Daemon.Control;

namespace Evpnd.Daemon.Cli;

/// <summary>Text output of the `show evpn` commands, laid out like FRR's `show evpn ...`.</summary>
internal static class EvpnFormatter
{
    public static string Vnis(VniList list)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"VNI",-9} {"RD",-22} {"Local VTEP",-16} {"#MACs",6} {"#Remote",8}  {"Import RTs",-18} {"Export RTs",-18} Remote VTEPs\n");
        foreach (var v in list.Vnis)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{v.Vni,-9} {v.Rd + (v.AutoRd ? " (auto)" : ""),-22} {v.LocalVtep,-16} {v.LocalMacs,6} {v.RemoteMacs,8}  {string.Join(',', v.ImportRouteTargets),-18} {string.Join(',', v.ExportRouteTargets),-18} {string.Join(' ', v.RemoteVteps)}\n");
        }
        foreach (var v in list.Vnis.Where(v => v.RemoteMacsRefused > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"VNI {v.Vni}: {v.RemoteMacsRefused} remote MAC(s) not installed in the kernel: limits.remote-macs reached\n");
        }
        return text.ToString();
    }

    /// <summary>Like FRR's `show evpn vni detail` flood part: per VNI how BUM traffic leaves and to which VTEPs.</summary>
    public static string Flood(FloodList list)
    {
        if (list.Vnis.Count == 0)
        {
            return "No VNIs\n";
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"VNI",-9} {"Local VTEP",-16} {"Flooding",-22} {"#VTEPs",6}  Flood to\n");
        foreach (var v in list.Vnis)
        {
            var to = v.MulticastGroup is { } group ? $"group {group}" : v.FloodVteps.Count > 0 ? string.Join(' ', v.FloodVteps) : "-";
            text.Append(CultureInfo.InvariantCulture, $"{v.Vni,-9} {v.LocalVtep,-16} {v.Flooding,-22} {v.RemoteVteps.Count,6}  {to}\n");
        }
        return text.ToString();
    }

    public static string Macs(MacList list)
    {
        var text = new StringBuilder();
        foreach (var group in list.Macs.GroupBy(m => m.Vni).OrderBy(g => g.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"VNI {group.Key} #MACs (local and remote) {group.Count()}\n\n");
            text.Append("Flags: S=sticky, D=duplicate, F=frozen, N=not advertised, G=stale (its peer's graceful restart is not over)\n");
            text.Append(CultureInfo.InvariantCulture, $"{"MAC",-18} {"Type",-7} {"Flags",-6} {"Remote VTEP",-16} {"Seq",5}  IPs\n");
            foreach (var m in group)
            {
                var flags = (m.Sticky ? "S" : "") + (m.Duplicate ? "D" : "") + (m.Frozen ? "F" : "") + (m.Origin == "local" && !m.Advertised ? "N" : "") + (m.Stale ? "G" : "");
                text.Append(CultureInfo.InvariantCulture, $"{m.Mac,-18} {m.Origin,-7} {flags,-6} {m.Vtep ?? "",-16} {m.Sequence,5}  {string.Join(' ', m.Ips)}\n");
            }
            text.Append('\n');
        }
        return text.Length == 0 ? "No MACs\n" : text.ToString();
    }

    /// <summary>Like FRR's `show evpn mac vni all duplicate`: the marked MACs, or one line saying there are none.</summary>
    public static string Duplicates(MacList list) =>
        list.Macs.Count == 0 ? "No duplicate MACs\n" : Macs(list);

    public static string Cleared(DuplicateClearResult result) => result.Cleared > 0
        ? $"cleared the duplicate mark of {result.Mac} in VNI {result.Vni}\n"
        : $"{result.Mac} in VNI {result.Vni} is not marked duplicate; nothing to clear\n";

    public static string Routes(RouteList list)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"Route Distinguisher",-22} {"Prefix",-58} {"Next hop",-16} {"Source",-16} {"VNIs",-8} {"Seq",4}  Route targets\n");
        foreach (var r in list.Routes)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{r.Rd,-22} {r.Prefix,-58} {r.NextHop ?? "",-16} {r.Source,-16} {string.Join(',', r.Vnis),-8} {r.Sequence,4}  {string.Join(' ', r.RouteTargets)}{(r.Sticky ? " sticky" : "")}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"\nDisplayed {list.Routes.Count} routes\n");
        return text.ToString();
    }
}
