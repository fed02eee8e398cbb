using System.Text.Json;
using System.Text.Json.Nodes;
using Evpnd.Daemon.Config;
using Evpnd.Daemon.Hosting;

namespace Evpnd.Daemon.Control;

/// <summary>Answers "reload": the configuration file read again and applied as a difference.</summary>
internal sealed class ReloadControlHandler(ConfigReloader reloader) : IControlHandler
{
    public IEnumerable<string> Commands => ["reload"];

    public async ValueTask<JsonNode?> HandleAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            var result = await reloader.ReloadAsync("evpnd reload", cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToNode(result, ControlJsonContext.Default.ReloadResult);
        }
        catch (ConfigException e)
        {
            throw new ControlException($"{reloader.Path} not applied; evpnd keeps running as before:\n{e.Message}");
        }
    }
}
