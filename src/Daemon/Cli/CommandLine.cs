using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Reflection;
using Evpnd.Daemon.Config;
using ScCommand = System.CommandLine.Command;

namespace Evpnd.Daemon.Cli;

/// <summary>
/// The command tree of `evpnd`, on System.CommandLine: it parses, writes help for every command
/// and answers shell completion through its `[suggest:N]` directive (<see cref="CompletionScript"/>
/// calls it). <see cref="Parse"/> turns the result into one <see cref="Command"/>; the program
/// runs that, so parsing stays testable without a daemon.
/// </summary>
internal static class CommandLine
{
    public static readonly string[] LogFormats = ["text", "json", "journal"];
    public static readonly string[] LogLevels = ["trace", "debug", "info", "warning", "error"];
    public static readonly string[] Shells = ["bash", "zsh"];

    private static readonly Option<bool> s_json = new("--json") { Description = "print the result as JSON, for scripts", Recursive = true };
    private static readonly Option<string> s_socket = new("--socket")
    {
        Description = $"the daemon's control socket (default {EvpndConfig.DefaultControlSocket})",
        HelpName = "PATH",
        Recursive = true,
    };

    private static readonly Option<bool> s_version = new("--version") { Description = "print the version and exit" };

    private static readonly Dictionary<ScCommand, Func<ParseResult, Command>> s_leaves = [];

    /// <summary>The root of the tree; `evpnd __man` and the completion scripts walk it.</summary>
    public static RootCommand Root { get; } = Build();

    /// <summary>"evpnd 0.1.0": what `evpnd --version` prints.</summary>
    public static string VersionText { get; } =
        $"evpnd {typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev"}";

    public static Command Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return new PrintCommand(Invoke(Root.Parse(["--help"])));
        }

        var result = Root.Parse(args);
        if (result.Action is HelpAction || Root.Directives.OfType<SuggestDirective>().Any(d => result.GetResult(d) is not null))
        {
            return new PrintCommand(Invoke(result));
        }
        if (result.GetResult(s_version) is { Implicit: false } && result.UnmatchedTokens.Count == 0)
        {
            return new PrintCommand(VersionText + "\n");
        }
        if (result.Errors.Count > 0)
        {
            return new UsageError(Describe(result), PathOf(result.CommandResult));
        }
        var command = result.CommandResult.Command;
        if (s_leaves.TryGetValue(command, out var leaf))
        {
            return leaf(result);
        }
        // A command that only groups others (`evpnd show evpn`).
        return new UsageError($"'{Usage(result.CommandResult)}' needs a command: {string.Join(", ", Visible(command.Subcommands).Select(c => c.Name))}",
            PathOf(result.CommandResult));
    }

    public static IEnumerable<T> Visible<T>(IEnumerable<T> symbols) where T : Symbol => symbols.Where(s => !s.Hidden);

    private static RootCommand Build()
    {
        var root = new RootCommand("evpnd: a BGP EVPN control-plane speaker for Linux VXLAN VTEPs") { HelpName = "evpnd" };
        // -?, /? and /h are Windows habits: they would only clutter completions and help here.
        root.Options.Clear();
        root.Options.Add(new HelpOption("--help", "-h"));
        root.Options.Add(s_version);

        root.Subcommands.Add(RunCommandTree());
        root.Subcommands.Add(ShowTree());
        root.Subcommands.Add(EvpnTree());
        root.Subcommands.Add(ClearTree());
        root.Subcommands.Add(LogLevelTree());
        root.Subcommands.Add(ReloadTree());
        root.Subcommands.Add(CompletionTree());
        var man = new ScCommand("__man", "print the man page (roff), generated from this help") { Hidden = true };
        s_leaves[man] = _ => new PrintCommand(ManPage.Write(root));
        root.Subcommands.Add(man);
        return root;
    }

    private static ScCommand RunCommandTree()
    {
        var config = new Option<string>("--config") { Description = "the configuration file (YAML)", HelpName = "FILE", Required = true };
        var logFormat = new Option<string>("--log-format")
        {
            Description = "log lines as text (default), json, or journal (syslog priority prefixes, no timestamps; chosen by itself under systemd's journal)",
            HelpName = "text|json|journal",
        };
        logFormat.CompletionSources.Add(LogFormats);
        logFormat.Validators.Add(r => OneOf(r, "--log-format", LogFormats));
        var run = new ScCommand("run", "run the daemon in the foreground until SIGTERM or SIGINT") { config, logFormat };
        s_leaves[run] = r => new RunCommand(r.GetValue(config)!, r.GetValue(logFormat));
        return run;
    }

    private static ScCommand ShowTree()
    {
        var show = new ScCommand("show", "show the running daemon's state (each also as --json)") { s_json, s_socket };

        var address = new Argument<string>("ADDR") { Description = "the neighbor's address", Arity = ArgumentArity.ZeroOrOne };
        var neighbors = new ScCommand("neighbors", "BGP sessions, like FRR's `show bgp summary`; with ADDR one session in detail") { address };
        neighbors.Aliases.Add("neighbor");
        s_leaves[neighbors] = r => r.GetValue(address) is { } a
            ? Control(r, "show neighbor", ("address", a))
            : Control(r, "show neighbors");
        show.Subcommands.Add(neighbors);

        var summary = new ScCommand("summary", "the same as `evpnd show neighbors`");
        s_leaves[summary] = r => Control(r, "show neighbors");
        show.Subcommands.Add(new ScCommand("bgp", "BGP, in FRR's words") { summary });

        var evpn = new ScCommand("evpn", "the EVPN side: VNIs, MACs, routes, duplicates");
        var vniArgument = new Argument<string>("N") { Description = "only this VNI", Arity = ArgumentArity.ZeroOrOne };
        var vniOption = VniOption("only this VNI (the same as N)", required: false);
        vniOption.Hidden = true;
        var vni = new ScCommand("vni", "local VNIs: RD, route targets, local and remote VTEPs, MAC counts") { vniArgument, vniOption };
        s_leaves[vni] = r => Control(r, "show evpn vni", ("vni", r.GetValue(vniArgument) ?? r.GetValue(vniOption)));
        evpn.Subcommands.Add(vni);

        var floodVni = VniOption("only this VNI", required: false);
        var flood = new ScCommand("flood", "where each VNI's broadcast, unknown unicast and multicast traffic goes: the remote VTEPs (head-end replication) or the multicast group") { floodVni };
        s_leaves[flood] = r => Control(r, "show evpn flood", ("vni", r.GetValue(floodVni)));
        evpn.Subcommands.Add(flood);

        var macsVni = VniOption("only this VNI", required: false);
        var macs = new ScCommand("macs", "MACs per VNI: local, or the remote VTEP; MAC mobility sequence; sticky, duplicate and frozen flags") { macsVni };
        macs.Aliases.Add("mac");
        s_leaves[macs] = r => Control(r, "show evpn macs", ("vni", r.GetValue(macsVni)));
        evpn.Subcommands.Add(macs);

        var routesVni = VniOption("only routes of this VNI", required: false);
        var type = new Option<string>("--type") { Description = "only routes of this type (2 MAC/IP, 3 inclusive multicast, 5 IP prefix)", HelpName = "1..5" };
        type.CompletionSources.Add("1", "2", "3", "4", "5");
        var routes = new ScCommand("routes", "EVPN routes we originate and import, in FRR's prefix notation") { type, routesVni };
        routes.Aliases.Add("route");
        s_leaves[routes] = r => Control(r, "show evpn routes", ("type", r.GetValue(type)), ("vni", r.GetValue(routesVni)));
        evpn.Subcommands.Add(routes);

        var duplicatesVni = VniOption("only this VNI", required: false);
        var duplicates = new ScCommand("duplicates", "MACs that duplicate address detection marked (RFC 7432 s15.1), frozen or not") { duplicatesVni };
        s_leaves[duplicates] = r => Control(r, "show evpn duplicates", ("vni", r.GetValue(duplicatesVni)));
        evpn.Subcommands.Add(duplicates);

        show.Subcommands.Add(evpn);

        var kernelVni = VniOption("only this VNI, with every entry listed", required: false);
        var kernel = new ScCommand("kernel", "what evpnd owns in the kernel per VNI (flood entries, remote MACs, neighbours) and where it differs from what it wants") { kernelVni };
        s_leaves[kernel] = r => Control(r, "show kernel", ("vni", r.GetValue(kernelVni)));
        show.Subcommands.Add(kernel);
        return show;
    }

    private static ScCommand EvpnTree()
    {
        var mac = new ScCommand("mac", "static local MACs");
        foreach (var verb in (string[])["add", "del"])
        {
            var vni = VniOption("the local VNI", required: true);
            var macArgument = new Argument<string>("MAC") { Description = "a unicast MAC, e.g. 02:00:00:00:00:01" };
            var ip = new Argument<string>("IP") { Description = "the host's IP address (a MAC+IP route)", Arity = ArgumentArity.ZeroOrOne };
            var command = new ScCommand(verb, verb == "add"
                ? "add a static (sticky) local MAC, and IP, advertised as a type-2 route"
                : "remove a static local MAC (and IP) and withdraw its route") { vni, macArgument, ip };
            s_leaves[command] = r => Control(r, $"evpn mac {verb}", ("vni", r.GetValue(vni)), ("mac", r.GetValue(macArgument)), ("ip", r.GetValue(ip)));
            mac.Subcommands.Add(command);
        }
        return new ScCommand("evpn", "change the EVPN side of the running daemon") { s_json, s_socket, mac };
    }

    private static ScCommand ClearTree()
    {
        var vni = VniOption("the VNI", required: true);
        var mac = new Argument<string>("MAC") { Description = "the duplicate MAC" };
        var duplicate = new ScCommand("duplicate", "clear a MAC's duplicate (and frozen) mark after fixing its cause, as FRR's `clear evpn dup-addr`") { vni, mac };
        s_leaves[duplicate] = r => Control(r, "clear evpn duplicate", ("vni", r.GetValue(vni)), ("mac", r.GetValue(mac)));
        var address = new Argument<string>("ADDR") { Description = "the neighbor's address" };
        var soft = new Option<bool>("--soft") { Description = "keep the session: ask the peer for its routes again (route refresh) and send ours again" };
        var neighbor = new ScCommand("neighbor", "reset a BGP session: Cease 6/4 (Administrative Reset) and connect again, also one held down by maximum-prefix (FRR's `clear bgp ADDR`), or with --soft exchange the routes again") { address, soft };
        neighbor.Aliases.Add("neighbors");
        s_leaves[neighbor] = r => Control(r, "clear neighbor", ("address", r.GetValue(address)), ("soft", r.GetValue(soft) ? "true" : null));
        return new ScCommand("clear", "reset state in the running daemon") { s_json, s_socket, neighbor, new ScCommand("evpn", "EVPN state") { duplicate } };
    }

    private static ScCommand LogLevelTree()
    {
        var level = new Argument<string>("LEVEL") { Description = "trace, debug, info, warning or error", HelpName = "LEVEL" };
        level.CompletionSources.Add(LogLevels);
        level.Validators.Add(r => OneOf(r, "the log level", LogLevels));
        var command = new ScCommand("log-level", "set the running daemon's minimum log level, until it restarts (log-level: in the configuration sets it at start)")
        {
            level, s_json, s_socket,
        };
        s_leaves[command] = r => Control(r, "log-level", ("level", r.GetValue(level)));
        return command;
    }

    private static ScCommand ReloadTree()
    {
        var command = new ScCommand("reload", "read the configuration file again and apply what changed (as SIGHUP does); a file with an error changes nothing")
        {
            s_json, s_socket,
        };
        s_leaves[command] = r => Control(r, "reload");
        return command;
    }

    private static ScCommand CompletionTree()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh", HelpName = "SHELL" };
        shell.CompletionSources.Add(Shells);
        shell.Validators.Add(r => OneOf(r, "completion", Shells));
        var command = new ScCommand("completion", "print a completion script: source <(evpnd completion bash), or put it in /usr/share/bash-completion/completions/evpnd") { shell };
        s_leaves[command] = r => new PrintCommand(CompletionScript.For(r.GetValue(shell)!));
        return command;
    }

    private static Option<string> VniOption(string description, bool required) =>
        new("--vni") { Description = description, HelpName = "N", Required = required };

    private static Command Control(ParseResult result, string name, params (string Key, string? Value)[] arguments)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in arguments)
        {
            if (value is not null)
            {
                values[key] = value;
            }
        }
        return new ControlCommand(name, values, result.GetValue(s_json), result.GetValue(s_socket));
    }

    private static void OneOf(SymbolResult result, string what, string[] choices)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
        if (value is not null && !choices.Contains(value, StringComparer.Ordinal))
        {
            result.AddError($"{what} takes {string.Join(", ", choices[..^1])} or {choices[^1]}, not '{value}'");
        }
    }

    /// <summary>
    /// One sentence for what is wrong, in the order a user fixes things: a word we do not know
    /// (usually the cause of the other errors), an option without its value, something required
    /// that is missing, then whatever a validator said.
    /// </summary>
    private static string Describe(ParseResult result)
    {
        var commandResult = result.CommandResult;
        var command = commandResult.Command;
        if (result.UnmatchedTokens.Count > 0)
        {
            var token = result.UnmatchedTokens[0];
            if (token.StartsWith('-'))
            {
                return $"unknown option '{token}'{DidYouMean(token, OptionsOf(commandResult).SelectMany(o => o.Aliases.Prepend(o.Name)))}";
            }
            if (command.Subcommands.Count > 0)
            {
                return $"unknown command '{string.Join(' ', ((string[])[PathOf(commandResult), token]).Where(w => w.Length > 0))}'"
                    + DidYouMean(token, Visible(command.Subcommands).SelectMany(c => c.Aliases.Prepend(c.Name)));
            }
            return $"unexpected argument '{token}' for '{Usage(commandResult)}'";
        }
        foreach (var error in result.Errors)
        {
            if (error.SymbolResult is OptionResult { Tokens.Count: 0, Implicit: false } option && option.Option.Arity.MinimumNumberOfValues > 0)
            {
                return $"option '{option.Option.Name}' needs a value";
            }
        }
        foreach (var option in command.Options)
        {
            if (option.Required && result.GetResult(option) is not { IdentifierTokenCount: > 0 })
            {
                return $"'{Usage(commandResult)}' needs {option.Name} {option.HelpName}";
            }
        }
        foreach (var argument in command.Arguments)
        {
            if (argument.Arity.MinimumNumberOfValues > 0 && result.GetResult(argument) is not { Tokens.Count: > 0 })
            {
                return $"'{Usage(commandResult)}' needs {argument.Name}";
            }
        }
        if (command.Subcommands.Count > 0 && !s_leaves.ContainsKey(command))
        {
            return $"'{Usage(commandResult)}' needs a command: {string.Join(", ", Visible(command.Subcommands).Select(c => c.Name))}";
        }
        var message = result.Errors[0].Message;
        return message.EndsWith('.') ? message[..^1] : message;
    }

    private static string DidYouMean(string token, IEnumerable<string> candidates) =>
        Suggestion.Closest(token, candidates) is { } closest ? $" (did you mean '{closest}'?)" : "";

    private static IEnumerable<Option> OptionsOf(CommandResult result)
    {
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                foreach (var option in c.Command.Options)
                {
                    if (ReferenceEquals(c, result) || option.Recursive)
                    {
                        yield return option;
                    }
                }
            }
        }
    }

    /// <summary>"show evpn" for `evpnd show evpn macs --bogus`: the commands given, without the root.</summary>
    private static string PathOf(CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r.Parent is CommandResult parent; r = parent)
        {
            names.Add(r.Command.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }

    private static string Usage(CommandResult result) => PathOf(result) is { Length: > 0 } path ? $"evpnd {path}" : "evpnd";

    private static string Invoke(ParseResult result)
    {
        var output = new StringWriter();
        result.Invoke(new InvocationConfiguration { Output = output, Error = output });
        return output.ToString();
    }
}
