using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evpnd.Bgp.Session;
using Evpnd.Daemon.Cli;

namespace Evpnd.Daemon.Control;

/// <summary>
/// Answers "show neighbors" and "show neighbor" from the session engine's snapshots ("clear
/// neighbor" is <see cref="NeighborClearControlHandler"/>'s).
/// </summary>
internal sealed class NeighborControlHandler(string routerId, uint localAs, Func<IReadOnlyList<NeighborStatus>> neighbors) : IControlHandler
{
    public IEnumerable<string> Commands => ["show neighbors", "show neighbor"];

    public ValueTask<JsonNode?> HandleAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken)
    {
        var all = neighbors();
        if (command == "show neighbors")
        {
            return ValueTask.FromResult(JsonSerializer.SerializeToNode(new NeighborSummary(routerId, localAs, all), ControlJsonContext.Default.NeighborSummary));
        }

        var address = Address(arguments);
        var normalized = address.ToString();
        var match = all.FirstOrDefault(n => IPAddress.TryParse(n.Address, out var x) && x.Equals(address))
            ?? throw new ControlException($"no neighbor {normalized} is configured");
        return ValueTask.FromResult(JsonSerializer.SerializeToNode(match, ControlJsonContext.Default.NeighborStatus));
    }

    private static IPAddress Address(IReadOnlyDictionary<string, string> arguments) =>
        arguments.TryGetValue("address", out var text) && IPAddress.TryParse(text, out var address)
            ? address
            : throw new ControlException($"'{(arguments.TryGetValue("address", out var a) ? a : "")}' is not an IP address");
}
