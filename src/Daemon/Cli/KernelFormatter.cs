using System.Globalization;
using System.Text;
using Evpnd.Daemon.Control;

namespace Evpnd.Daemon.Cli;

/// <summary>Text output of `show kernel`: a line per VNI with owned/wanted counts and drift, then the entries that differ.</summary>
internal static class KernelFormatter
{
    public static string Kernel(KernelList list)
    {
        if (list.Vnis.Count == 0)
        {
            return "No VNIs in the kernel and no entries wanted\n";
        }
        var text = new StringBuilder();
        if (!list.GraceOver)
        {
            text.Append("Start-up grace period: owned entries nobody wants yet are kept (shown as extra)\n\n");
        }
        text.Append("Owned/wanted entries per kind; drift: M=missing X=extra P=pending F=foreign D=different W=waiting for the device\n");
        text.Append(CultureInfo.InvariantCulture, $"{"VNI",-9} {"Device",-16} {"Bridge",-16} {"Flood",11} {"MACs",15} {"Neighbours",15}  Drift\n");
        foreach (var v in list.Vnis)
        {
            var device = v.Device is null ? "-" : v.Usable ? v.Device : v.Device + " (unusable)";
            text.Append(CultureInfo.InvariantCulture,
                $"{v.Vni,-9} {device,-16} {v.Bridge ?? "-",-16} {Pair(v.Owned.Flood, v.Wanted.Flood),11} {Pair(v.Owned.Macs, v.Wanted.Macs),15} {Pair(v.Owned.Neighbors, v.Wanted.Neighbors),15}  {Drift(v.Drift)}\n");
        }
        foreach (var v in list.Vnis)
        {
            if (v.Entries is { } entries)
            {
                text.Append(CultureInfo.InvariantCulture, $"\nVNI {v.Vni}: {entries.Count} entries\n");
                Entries(text, entries);
            }
            else if (v.Differences.Count > 0)
            {
                var more = v.Drift.Total - v.Differences.Count;
                text.Append(CultureInfo.InvariantCulture, $"\nVNI {v.Vni}: {v.Drift.Total} entries differ from what evpnd wants{(more > 0 ? $" (first {v.Differences.Count}; --vni {v.Vni} lists all)" : "")}\n");
                Entries(text, v.Differences);
            }
        }
        return text.ToString();
    }

    private static void Entries(StringBuilder text, IReadOnlyList<KernelEntryView> entries)
    {
        text.Append(CultureInfo.InvariantCulture, $"{"Type",-9} {"State",-10} {"MAC",-18} Address\n");
        foreach (var e in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{e.Type,-9} {e.State,-10} {e.Mac ?? "-",-18} {e.Address}\n");
        }
    }

    private static string Pair(int owned, int wanted) => string.Create(CultureInfo.InvariantCulture, $"{owned}/{wanted}");

    private static string Drift(KernelDriftView d)
    {
        if (d.Total == 0)
        {
            return "none";
        }
        var parts = new List<string>();
        void Add(int count, char letter)
        {
            if (count > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{letter}{count}"));
            }
        }
        Add(d.Missing, 'M');
        Add(d.Extra, 'X');
        Add(d.Pending, 'P');
        Add(d.Foreign, 'F');
        Add(d.Different, 'D');
        Add(d.Waiting, 'W');
        return string.Join(' ', parts);
    }
}
