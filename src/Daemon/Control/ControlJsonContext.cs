using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Evpnd.Bgp.Session;
using Evpnd.Daemon.Cli;

namespace Evpnd.Daemon.Control;

/// <summary>
/// The control protocol's JSON, generated at build time: no reflection, so that evpnd can be
/// compiled ahead of time (Native AOT), and the CLI starts without building serializers.
/// Web defaults (camelCase), enums as strings. Every type a command returns is listed here.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(NeighborSummary))]
[JsonSerializable(typeof(NeighborStatus))]
[JsonSerializable(typeof(MaximumPrefixStatus))]
[JsonSerializable(typeof(VniList))]
[JsonSerializable(typeof(MacList))]
[JsonSerializable(typeof(RouteList))]
[JsonSerializable(typeof(DuplicateClearResult))]
[JsonSerializable(typeof(LogLevelResult))]
[JsonSerializable(typeof(ReloadResult))]
[JsonSerializable(typeof(FloodList))]
[JsonSerializable(typeof(NeighborClearResult))]
[JsonSerializable(typeof(KernelList))]
internal sealed partial class ControlJsonContext : JsonSerializerContext
{
    private static ControlJsonContext? s_indented;

    /// <summary>The same, indented, for `--json` output that people read too. Made on first use: the
    /// generated <c>Default</c> may not be initialised yet while this partial's statics are.</summary>
    public static ControlJsonContext Indented => s_indented ??= new(new JsonSerializerOptions(Default!.Options) { WriteIndented = true });
}
