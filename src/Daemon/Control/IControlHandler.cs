using System.Text.Json.Nodes;

namespace Evpnd.Daemon.Control;

/// <summary>Answers the control commands of one part of the daemon (BGP, EVPN, ...).</summary>
internal interface IControlHandler
{
    /// <summary>The command names this handler answers, e.g. "show neighbors".</summary>
    IEnumerable<string> Commands { get; }

    /// <summary>Returns the result object (serialised as JSON); throws <see cref="ControlException"/> for a user error.</summary>
    ValueTask<JsonNode?> HandleAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken);
}
