namespace Evpnd.Daemon.Cli;

/// <summary>
/// A command-line mistake: <paramref name="Error"/> is one sentence, <paramref name="HelpCommand"/>
/// the command whose `--help` shows the right way ("show evpn", or "" for evpnd itself).
/// </summary>
internal sealed record UsageError(string Error, string HelpCommand) : Command;
