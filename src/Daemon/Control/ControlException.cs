namespace Evpnd.Daemon.Control;

/// <summary>A control request that cannot be answered; the message goes back to the CLI user.</summary>
internal sealed class ControlException(string message) : Exception(message);
