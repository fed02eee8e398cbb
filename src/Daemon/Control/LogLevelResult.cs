namespace Evpnd.Daemon.Control;

/// <summary>Result of "log-level": the level now in force and the one before.</summary>
internal sealed record LogLevelResult(string Level, string Previous);
