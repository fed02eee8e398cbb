namespace Evpnd.Daemon.Cli;

/// <summary>`evpnd run --config FILE [--log-format text|json|journal]`: the daemon in the foreground.</summary>
internal sealed record RunCommand(string ConfigPath, string? LogFormat) : Command;
