namespace Evpnd.Daemon.Cli;

/// <summary>Help, the version, a completion script, completions or the man page: text for stdout, exit 0.</summary>
internal sealed record PrintCommand(string Text) : Command;
