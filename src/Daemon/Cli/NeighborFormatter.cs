using System.Globalization;
using System.Text;
using Evpnd.Bgp.Session;

namespace Evpnd.Daemon.Cli;

/// <summary>Text output of `evpnd show neighbors` and `evpnd show neighbor ADDR`, in the spirit of FRR's.</summary>
internal static class NeighborFormatter
{
    public static string Summary(NeighborSummary summary)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"BGP router identifier {summary.RouterId}, local AS number {summary.LocalAs}\n");
        text.Append(CultureInfo.InvariantCulture, $"Neighbors: {summary.Neighbors.Count}, established: {summary.Neighbors.Count(n => n.State == "Established")}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{"Neighbor",-26} {"AS",-10} {"State",-12} {"Up/Down",-9} {"MsgRcvd",8} {"MsgSent",8}  {"Families",-12} Description\n");
        foreach (var n in summary.Neighbors)
        {
            var asText = n.PeerAs?.ToString(CultureInfo.InvariantCulture) ?? n.RemoteAs;
            var families = n.Families.IsDefaultOrEmpty ? "-" : string.Join(',', n.Families);
            text.Append(CultureInfo.InvariantCulture,
                $"{n.Address,-26} {asText,-10} {n.State,-12} {Duration(n.UptimeSeconds),-9} {n.MessagesIn.Total,8} {n.MessagesOut.Total,8}  {families,-12} {n.Description}\n");
        }
        return text.ToString();
    }

    public static string Detail(NeighborStatus n)
    {
        var text = new StringBuilder();
        void Line(string label, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } s)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {label + ":",-28}{s}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"BGP neighbor {n.Address}, remote AS {n.PeerAs?.ToString(CultureInfo.InvariantCulture) ?? n.RemoteAs}, local AS {n.LocalAs}");
        text.Append(n.PeerAs is { } peerAs && peerAs == n.LocalAs ? ", internal link\n" : ", external link\n");
        Line("Description", n.Description);
        Line("Configured remote AS", n.RemoteAs);
        Line("State", n.State + (n.UptimeSeconds is { } up ? $", {(n.State == "Established" ? "up" : "down")} for {Duration(up)}" : ""));
        Line("Passive", n.Passive ? "yes" : null);
        Line("Peer router ID", n.PeerRouterId);
        Line("Established transitions", n.EstablishedTransitions);
        Line("Hold time", n.NegotiatedHoldTime is { } hold ? $"{hold} s (keepalive {n.NegotiatedKeepalive} s)" : null);
        Line("Address families", n.Families.IsDefaultOrEmpty ? null : string.Join(", ", n.Families));
        Line("Local capabilities", n.LocalCapabilities.IsDefaultOrEmpty ? null : string.Join(", ", n.LocalCapabilities));
        Line("Peer capabilities", n.PeerCapabilities.IsDefaultOrEmpty ? null : string.Join(", ", n.PeerCapabilities));
        Line("Local endpoint", n.LocalEndpoint);
        Line("Remote endpoint", n.RemoteEndpoint);
        Line("Routes pending", n.PendingRoutes);
        Line("Send queue", n.SendQueueBytes is { } bytes ? $"{bytes} bytes" : null);
        Line("Password", n.PasswordSet ? "set" : null);
        Line("TTL security", n.TtlSecurityHops is { } hops
            ? $"{hops} hop(s): sends with TTL 255, accepts TTL {256 - hops} or more" + (n.GtsmRefusals > 0 ? $"; {n.GtsmRefusals} connection(s) refused" : "")
            : null);
        Line("Maximum prefix", MaximumPrefix(n.MaximumPrefix));
        Line("Graceful restart", GracefulRestart(n.GracefulRestart));
        Line("Last error", n.LastError);
        Line("Last NOTIFICATION sent", n.LastNotificationSent);
        Line("Last NOTIFICATION received", n.LastNotificationReceived);
        text.Append("  Message statistics:            Sent       Rcvd\n");
        Counter(text, "Opens", n.MessagesOut.Open, n.MessagesIn.Open);
        Counter(text, "Updates", n.MessagesOut.Update, n.MessagesIn.Update);
        Counter(text, "Keepalives", n.MessagesOut.Keepalive, n.MessagesIn.Keepalive);
        Counter(text, "Notifications", n.MessagesOut.Notification, n.MessagesIn.Notification);
        Counter(text, "Route refresh", n.MessagesOut.RouteRefresh, n.MessagesIn.RouteRefresh);
        Counter(text, "Total", n.MessagesOut.Total, n.MessagesIn.Total);
        return text.ToString();
    }

    /// <summary>"1000 (warning at 75%), accepted 812, warning", then restart and warning-only facts.</summary>
    private static string? MaximumPrefix(MaximumPrefixStatus? m)
    {
        if (m is null)
        {
            return null;
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{m.Limit} (warning at {m.WarningThreshold}%");
        text.Append(m.WarningOnly ? ", warning-only)" : m.RestartMinutes > 0 ? $", restart after {m.RestartMinutes} min)" : ")");
        if (m.Accepted is { } accepted)
        {
            text.Append(CultureInfo.InvariantCulture, $", accepted {accepted}");
        }
        text.Append(CultureInfo.InvariantCulture, $", {m.State}");
        if (m.State == "exceeded" && m.Accepted is null)
        {
            text.Append(m.RestartAt is { } at
                ? string.Create(CultureInfo.InvariantCulture, $": session down until {at:HH:mm:ss} UTC")
                : ": session down until `evpnd clear neighbor`");
        }
        return text.ToString();
    }

    /// <summary>One line, FRR's words: "helper, peer restart time 120 s, peer R/F 0/1, local R/F 1/1, N, 3 stale routes, restart timer 95 s".</summary>
    private static string? GracefulRestart(GracefulRestartStatus? gr)
    {
        if (gr is null)
        {
            return null;
        }
        if (!gr.Enabled)
        {
            return "disabled";
        }
        static string Bit(bool? b) => b == true ? "1" : "0";
        var parts = new List<string> { gr.Negotiated ? (gr.HelperActive ? "helper (peer restarting)" : "negotiated") : "not negotiated" };
        if (gr.PeerRestartTime is { } restartTime)
        {
            parts.Add($"peer restart time {restartTime} s, peer R/F {Bit(gr.PeerRestarting)}/{Bit(gr.PeerForwardingPreserved)}");
        }
        parts.Add($"local R/F {Bit(gr.LocalRestarting)}/{Bit(gr.LocalForwardingPreserved)}");
        if (gr.NotificationBit)
        {
            parts.Add("N (RFC 8538)");
        }
        if (gr.StaleRoutes > 0)
        {
            parts.Add($"{gr.StaleRoutes} stale routes");
        }
        if (gr.RestartTimerSeconds is { } restart)
        {
            parts.Add($"restart timer {restart} s left");
        }
        if (gr.StaleTimerSeconds is { } stale)
        {
            parts.Add($"stale-routes timer {stale} s left");
        }
        return string.Join(", ", parts);
    }

    private static void Counter(StringBuilder text, string label, long sent, long received) =>
        text.Append(CultureInfo.InvariantCulture, $"    {label,-24}{sent,10} {received,10}\n");

    /// <summary>FRR's up/down format: hh:mm:ss below a day, then 1d02h03m, then 3w2d05h.</summary>
    public static string Duration(long? seconds)
    {
        if (seconds is not { } s)
        {
            return "never";
        }
        var t = TimeSpan.FromSeconds(s);
        if (t.TotalDays < 1)
        {
            return t.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        }
        if (t.TotalDays < 7)
        {
            return $"{t.Days}d{t.Hours:00}h{t.Minutes:00}m";
        }
        return $"{t.Days / 7}w{t.Days % 7}d{t.Hours:00}h";
    }
}

/// <summary>Result of "show neighbors" on the control socket.</summary>
internal sealed record NeighborSummary(string RouterId, uint LocalAs, IReadOnlyList<NeighborStatus> Neighbors);
