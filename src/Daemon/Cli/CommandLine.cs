namespace Evpnd.Daemon.Cli;

/// <summary>What the user asked for on the command line.</summary>
internal abstract record Command;

internal sealed record RunCommand(string ConfigPath, string? LogFormat) : Command;

internal sealed record HelpCommand(string? Error) : Command;

internal sealed record VersionCommand : Command;

/// <summary>A request for the running daemon over its control socket.</summary>
internal sealed record ControlCommand(string Name, IReadOnlyDictionary<string, string> Arguments, bool Json, string? SocketPath) : Command;

/// <summary>
/// Parses `evpnd run --config FILE`, `evpnd show neighbors [--json]`, `evpnd show neighbor ADDR
/// [--json]`, each with an optional `--socket PATH`.
/// </summary>
internal static class CommandLine
{
    public const string Usage = """
        usage:
          evpnd run --config FILE [--log-format text|json]
                                           run the daemon in the foreground
          evpnd show neighbors [--json]    sessions, like FRR's `show bgp summary`
          evpnd show neighbor ADDR [--json]
                                           one session in detail
          evpnd show evpn vni [N] [--json] local VNIs: RD, RTs, VTEPs, MAC counts
          evpnd show evpn macs [--vni N] [--json]
                                           MACs per VNI: local, or the remote VTEP, sequence, flags
          evpnd show evpn routes [--type 2|3|5] [--vni N] [--json]
                                           EVPN routes we originate and import
          evpnd evpn mac add --vni N MAC [IP]
          evpnd evpn mac del --vni N MAC [IP]
                                           a static local MAC (and IP), advertised as type-2
          evpnd --version
        options for the show commands:
          --socket PATH                    the daemon's control socket (default /run/evpnd/evpnd.sock)
        """;

    public static Command Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "help" or "-h" or "--help")
        {
            return new HelpCommand(null);
        }
        if (args[0] is "--version" or "version")
        {
            return new VersionCommand();
        }

        var positional = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }
            var name = arg[2..];
            if (name is "json")
            {
                options[name] = null;
                continue;
            }
            if (name is not ("config" or "socket" or "log-format" or "vni" or "type"))
            {
                return new HelpCommand($"unknown option '{arg}'");
            }
            if (i + 1 >= args.Count)
            {
                return new HelpCommand($"option '{arg}' needs a value");
            }
            options[name] = args[++i];
        }

        options.TryGetValue("socket", out var socket);
        var json = options.ContainsKey("json");
        var filters = new Dictionary<string, string>();
        foreach (var key in (string[])["vni", "type"])
        {
            if (options.TryGetValue(key, out var value) && value is not null)
            {
                filters[key] = value;
            }
        }
        switch (positional)
        {
            case ["run"]:
                if (!options.TryGetValue("config", out var config) || config is null)
                {
                    return new HelpCommand("'evpnd run' needs --config FILE");
                }
                options.TryGetValue("log-format", out var format);
                if (format is not (null or "text" or "json"))
                {
                    return new HelpCommand($"--log-format takes text or json, not '{format}'");
                }
                return new RunCommand(config, format);
            case ["show", "neighbors"] or ["show", "neighbor"] or ["show", "bgp", "summary"]:
                return new ControlCommand("show neighbors", new Dictionary<string, string>(), json, socket);
            case ["show", "neighbor" or "neighbors", var address]:
                return new ControlCommand("show neighbor", new Dictionary<string, string> { ["address"] = address }, json, socket);
            case ["show", "evpn", "vni"]:
                return new ControlCommand("show evpn vni", filters, json, socket);
            case ["show", "evpn", "vni", var vni]:
                filters["vni"] = vni;
                return new ControlCommand("show evpn vni", filters, json, socket);
            case ["show", "evpn", "macs" or "mac"]:
                return new ControlCommand("show evpn macs", filters, json, socket);
            case ["show", "evpn", "routes" or "route"]:
                return new ControlCommand("show evpn routes", filters, json, socket);
            case ["evpn", "mac", var verb, var mac, .. var rest] when verb is "add" or "del" && rest.Count <= 1:
                if (!filters.ContainsKey("vni"))
                {
                    return new HelpCommand($"'evpnd evpn mac {verb}' needs --vni N");
                }
                filters["mac"] = mac;
                if (rest.Count == 1)
                {
                    filters["ip"] = rest[0];
                }
                return new ControlCommand($"evpn mac {verb}", filters, json, socket);
            default:
                return new HelpCommand(positional.Count == 0
                    ? "no command given"
                    : $"unknown command '{string.Join(' ', positional)}'");
        }
    }
}
