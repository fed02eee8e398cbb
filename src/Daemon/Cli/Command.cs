namespace Evpnd.Daemon.Cli;

/// <summary>What the user asked for on the command line, once <see cref="CommandLine"/> has parsed it.</summary>
internal abstract record Command;
