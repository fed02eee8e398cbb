using System.Text.Json;
using System.Text.Json.Serialization;

namespace Evpnd.Daemon.Control;

/// <summary>
/// The control socket speaks one JSON request per connection, one line, and gets one JSON
/// response back before the daemon closes the connection:
/// request  {"command":"show neighbor","arguments":{"address":"10.0.0.1"}}
/// response {"ok":true,"result":{...}} or {"ok":false,"error":"one sentence"}.
/// </summary>
internal static class ControlProtocol
{
    public const string DefaultSocketPath = "/run/evpnd/evpnd.sock";

    /// <summary>The protocol's options: <see cref="ControlJsonContext"/>'s, for readers that want options rather than type infos.</summary>
    public static JsonSerializerOptions Json => ControlJsonContext.Default.Options;
}

internal sealed record ControlRequest(string Command, Dictionary<string, string>? Arguments);

internal sealed record ControlResponse(bool Ok, JsonElement? Result, string? Error);
