using Evpnd.Bgp.Session;
using Evpnd.Daemon.Config.Yaml;

namespace Evpnd.Daemon.Config;

// The top-level graceful-restart map (RFC 4724). Ranges are FRR's: "bgp graceful-restart
// restart-time (0-4095)", "stalepath-time (1-4095)", "select-defer-time (0-3600)".
internal sealed partial class ConfigReader
{
    /// <summary><c>graceful-restart: false</c> turns it off; <c>true</c> or a map turns it on.</summary>
    private GracefulRestartConfig ReadGracefulRestart(ConfigNode node)
    {
        var gr = new GracefulRestartConfig();
        if (node is ScalarNode { Value: "true" or "false" })
        {
            return gr with { Enabled = Boolean(node, "graceful-restart") ?? true };
        }

        if (MapReader.Open(node, ConfigSection.GracefulRestart, _errors) is not { } map)
        {
            return gr;
        }

        if (map.Optional("enabled") is { } enabledNode && Boolean(enabledNode, "enabled") is { } enabled)
        {
            gr = gr with { Enabled = enabled };
        }

        if (map.Optional("restart-time") is { } restartNode && Integer(restartNode, "restart-time", 0, GracefulRestartConfig.MaxRestartTime) is { } restart)
        {
            gr = gr with { RestartTime = (ushort)restart };
        }

        if (map.Optional("stale-routes-time") is { } staleNode && Integer(staleNode, "stale-routes-time", 1, 4095) is { } stale)
        {
            gr = gr with { StaleRoutesTime = (ushort)stale };
        }

        if (map.Optional("select-defer-time") is { } deferNode && Integer(deferNode, "select-defer-time", 0, 3600) is { } defer)
        {
            gr = gr with { SelectDeferTime = (ushort)defer };
        }

        return gr;
    }
}
