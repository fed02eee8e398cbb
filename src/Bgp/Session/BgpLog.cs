namespace Evpnd.Bgp.Session;

/// <summary>
/// Where the session engine logs. A delegate rather than ILogger because the Bgp library takes no
/// package dependency; the daemon adapts it to its ILogger (peer as a structured property).
/// </summary>
/// <param name="level">Severity.</param>
/// <param name="peer">The neighbor address, or null for speaker-wide lines.</param>
/// <param name="message">One line of text.</param>
/// <param name="exception">The exception, if one caused this line.</param>
public delegate void BgpLog(BgpLogLevel level, string? peer, string message, Exception? exception);
