namespace Evpnd.Daemon;

/// <summary>
/// A condition that stops the daemon at start (port busy, no privilege, socket held by another
/// evpnd). Its message is one sentence that says what to do; it is printed without a stack trace.
/// </summary>
internal sealed class StartupException(string message) : Exception(message);
