namespace Evpnd.Daemon.Config;

/// <summary>A group from the system's group database, resolved when the configuration is read.</summary>
internal sealed record UnixGroup(string Name, uint Gid);
