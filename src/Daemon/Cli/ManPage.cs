using System.CommandLine;
using System.CommandLine.Help;
using System.Text;
using ScCommand = System.CommandLine.Command;

namespace Evpnd.Daemon.Cli;

/// <summary>
/// evpnd(8) in roff (man-pages(7) layout), written from the command tree so that the man page
/// says what `--help` says. The .deb ships the output of the hidden `evpnd __man`.
/// </summary>
internal static class ManPage
{
    public static string Write(RootCommand root)
    {
        var text = new StringBuilder();
        var version = CommandLine.VersionText["evpnd ".Length..];
        text.Append(".TH EVPND 8 \"\" \"evpnd ").Append(Escape(version)).Append("\" \"System Administration\"\n");
        text.Append(".SH NAME\nevpnd \\- ").Append(Escape(root.Description!["evpnd: ".Length..])).Append('\n');

        var leaves = Leaves(root, []).ToList();
        text.Append(".SH SYNOPSIS\n");
        foreach (var (path, command) in leaves)
        {
            text.Append(".B evpnd ").Append(Escape(string.Join(' ', path))).Append('\n');
            var rest = Synopsis(path, command);
            if (rest.Length > 0)
            {
                text.Append(Escape(rest)).Append('\n');
            }
            text.Append(".br\n");
        }
        text.Append(".B evpnd \\-\\-version\n");

        text.Append("""
            .SH DESCRIPTION
            evpnd speaks BGP\-4 with MP\-BGP L2VPN/EVPN (AFI 25, SAFI 70) to route reflectors and peers,
            and programs the kernel's VXLAN forwarding tables (flood lists, remote MACs, ARP/ND entries)
            over rtnetlink, learning local hosts from the bridge.
            .B evpnd run
            is the daemon; every other command talks to a running daemon over its control socket.
            .SH COMMANDS

            """);
        foreach (var (path, command) in leaves)
        {
            text.Append(".TP\n.B evpnd ").Append(Escape(string.Join(' ', path))).Append('\n');
            text.Append(Escape(command.Description ?? "")).Append('\n');
            foreach (var argument in command.Arguments)
            {
                text.Append(".RS\n.TP\n.I ").Append(Escape(argument.Name)).Append('\n').Append(Escape(argument.Description ?? "")).Append("\n.RE\n");
            }
            foreach (var option in OptionsOf(path, command, includeCommon: false))
            {
                text.Append(".RS\n.TP\n.B ").Append(Escape(option.Name));
                if (option.ValueType != typeof(bool))
                {
                    text.Append(" \\fI").Append(Escape(option.HelpName ?? "VALUE")).Append("\\fR");
                }
                text.Append('\n').Append(Escape(option.Description ?? "")).Append("\n.RE\n");
            }
        }

        text.Append("""
            .SH OPTIONS OF THE CONTROL COMMANDS
            .TP
            .B \-\-json
            print the result as JSON, for scripts.
            .TP
            .BI \-\-socket " PATH"
            the daemon's control socket (default /run/evpnd/evpnd.sock).
            .SH EXIT STATUS
            0 on success; 1 for a start\-up error (a port in use, a missing privilege, a control socket
            held by another evpnd) or an error the daemon reports; 2 for a configuration error
            (\fIfile\fR:\fIline\fR:\fIcolumn\fR: what is wrong); 64 for a command\-line mistake.
            .SH ENVIRONMENT
            .TP
            .B NOTIFY_SOCKET
            set by systemd for Type=notify: evpnd sends READY=1 once the BGP listener and the control
            socket are bound and the kernel worker has read the kernel's state, and STOPPING=1 on stop.
            .TP
            .B WATCHDOG_USEC
            set by systemd for WatchdogSec=: evpnd sends WATCHDOG=1 every half of it, while its workers answer.
            .TP
            .B JOURNAL_STREAM
            when stderr is the journal, evpnd logs with syslog priority prefixes and no timestamps.
            .SH FILES
            .TP
            .I /etc/evpnd/evpnd.yaml
            the configuration.
            .TP
            .I /run/evpnd/evpnd.sock
            the control socket (control\-socket:, control\-socket\-group:, control\-socket\-readonly\-group:).
            .TP
            .I /var/lib/evpnd
            state kept across restarts (state\-dir:).
            .SH SEE ALSO
            .BR systemctl (1),
            .BR bridge (8),
            .BR ip\-link (8)

            """);
        return text.ToString();
    }

    /// <summary>Every command that does something, with the names that lead to it.</summary>
    public static IEnumerable<(IReadOnlyList<string> Path, ScCommand Command)> Leaves(ScCommand command, IReadOnlyList<string> path)
    {
        if (command.Subcommands.Count == 0 && path.Count > 0)
        {
            yield return (path, command);
        }
        foreach (var sub in CommandLine.Visible(command.Subcommands))
        {
            foreach (var leaf in Leaves(sub, [.. path, sub.Name]))
            {
                yield return leaf;
            }
        }
    }

    /// <summary>"[ADDR] [--json] [--socket PATH]" for `show neighbors`.</summary>
    public static string Synopsis(IReadOnlyList<string> path, ScCommand command)
    {
        var words = new List<string>();
        foreach (var option in OptionsOf(path, command, includeCommon: true).Where(o => o.Required))
        {
            words.Add($"{option.Name} {option.HelpName}");
        }
        foreach (var argument in command.Arguments)
        {
            words.Add(argument.Arity.MinimumNumberOfValues > 0 ? argument.Name : $"[{argument.Name}]");
        }
        foreach (var option in OptionsOf(path, command, includeCommon: true).Where(o => !o.Required))
        {
            words.Add(option.ValueType == typeof(bool) ? $"[{option.Name}]" : $"[{option.Name} {option.HelpName}]");
        }
        return string.Join(' ', words);
    }

    /// <summary>The command's own options and those its parents pass down (--json, --socket), without --help.</summary>
    private static IEnumerable<Option> OptionsOf(IReadOnlyList<string> path, ScCommand command, bool includeCommon)
    {
        var own = CommandLine.Visible(command.Options).Where(o => o is not HelpOption);
        if (!includeCommon)
        {
            return own.Where(o => !o.Recursive);
        }
        var inherited = new List<Option>();
        ScCommand current = CommandLine.Root;
        foreach (var name in path.Take(path.Count - 1))
        {
            current = current.Subcommands.First(c => c.Name == name);
            inherited.AddRange(CommandLine.Visible(current.Options).Where(o => o.Recursive && o is not HelpOption));
        }
        return own.Concat(inherited).Distinct();
    }

    private static string Escape(string text)
    {
        var escaped = text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal);
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
    }
}
