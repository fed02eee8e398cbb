namespace Evpnd.Daemon.Cli;

/// <summary>A request for the running daemon over its control socket.</summary>
internal sealed record ControlCommand(string Name, IReadOnlyDictionary<string, string> Arguments, bool Json, string? SocketPath) : Command;
