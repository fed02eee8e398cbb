using System.Text.Json;
using System.Text.Json.Nodes;
using Evpnd.Daemon.Config;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Control;

/// <summary>Answers "log-level LEVEL": the running daemon's minimum log level, until it restarts.</summary>
internal sealed class LogLevelControlHandler(LogLevelSwitch level, ILogger<LogLevelControlHandler> logger) : IControlHandler
{
    public IEnumerable<string> Commands => ["log-level"];

    public ValueTask<JsonNode?> HandleAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken)
    {
        arguments.TryGetValue("level", out var text);
        if (ConfigReader.LogLevelNamed(text) is not { } wanted)
        {
            throw new ControlException($"'{text}' is not a log level (trace, debug, info, warning or error)");
        }
        var previous = level.Minimum;
        // Said before a raise to warning or error, so that the change itself is in the log.
        logger.LogWarning("log level {Level} (was {Previous}), set over the control socket", ConfigReader.LogLevelName(wanted), ConfigReader.LogLevelName(previous));
        level.Minimum = wanted;
        return ValueTask.FromResult(JsonSerializer.SerializeToNode(
            new LogLevelResult(ConfigReader.LogLevelName(wanted), ConfigReader.LogLevelName(previous)), ControlJsonContext.Default.LogLevelResult));
    }
}
