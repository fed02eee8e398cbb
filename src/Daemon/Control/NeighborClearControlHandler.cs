using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evpnd.Bgp.Session;

namespace Evpnd.Daemon.Control;

/// <summary>Answers "clear neighbor ADDR [--soft]", as FRR's `clear bgp ADDR [soft]`.</summary>
internal sealed class NeighborClearControlHandler(BgpSpeaker speaker) : IControlHandler
{
    public IEnumerable<string> Commands => ["clear neighbor"];

    public async ValueTask<JsonNode?> HandleAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken)
    {
        arguments.TryGetValue("address", out var text);
        if (!IPAddress.TryParse(text, out var address))
        {
            throw new ControlException($"'{text}' is not an IP address");
        }
        var soft = arguments.TryGetValue("soft", out var s) && s == "true";
        var outcome = await speaker.ClearAsync(address, soft, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            ClearOutcome.NotConfigured => throw new ControlException($"no neighbor {address} is configured"),
            ClearOutcome.NotEstablished => throw new ControlException($"neighbor {address} is not Established; a soft reset needs a session (a hard one, without --soft, restarts it)"),
            _ => JsonSerializer.SerializeToNode(new NeighborClearResult(address.ToString(), soft ? "soft" : "hard"), ControlJsonContext.Default.NeighborClearResult),
        };
    }
}
