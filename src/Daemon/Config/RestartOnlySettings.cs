using Evpnd.Daemon.Config.Yaml;

namespace Evpnd.Daemon.Config;

/// <summary>
/// The settings a reload cannot change: who we are (router-id, asn), the sockets we hold
/// (listen, control socket and its groups), where our state lives, and the EVPN engine's global
/// rules (they shape every route at once). A reload that changes one is refused, pointing at
/// the key, so that the operator knows the file and the daemon disagree until a restart. Values
/// are shown in the file's own words (<c>rt-auto-form: frr</c>, not the enum's name).
/// </summary>
internal static class RestartOnlySettings
{
    public static void Check(EvpndConfig running, EvpndConfig next, MappingNode root, ConfigErrors errors)
    {
        Compare(errors, root, "router-id", running.Bgp.RouterId, next.Bgp.RouterId, Hosting.BgpService.RouterIdText);
        Compare(errors, root, "asn", running.Bgp.LocalAs, next.Bgp.LocalAs);
        Compare(errors, root, "listen", running.Bgp.Listen, next.Bgp.Listen, Endpoint);
        Compare(errors, root, "control-socket", running.ControlSocket, next.ControlSocket);
        Compare(errors, root, "control-socket-group", running.ControlSocketGroup, next.ControlSocketGroup, g => g?.Name ?? "none");
        Compare(errors, root, "control-socket-readonly-group", running.ControlSocketReadOnlyGroup, next.ControlSocketReadOnlyGroup, g => g?.Name ?? "none");
        Compare(errors, root, "state-dir", running.StateDir, next.StateDir);
        Compare(errors, root, "metrics", running.Metrics, next.Metrics, Endpoint);
        var evpn = Child(root, "evpn") as MappingNode ?? root;
        Compare(errors, evpn, "advertise-all-vni", running.Evpn.AdvertiseAllVni, next.Evpn.AdvertiseAllVni);
        Compare(errors, evpn, "rt-auto-form", running.Evpn.RtAutoForm, next.Evpn.RtAutoForm, ConfigReader.RtAutoFormWord);
        Compare(errors, evpn, "import-wildcard-as", running.Evpn.ImportWildcardAs, next.Evpn.ImportWildcardAs);
        Compare(errors, evpn, "flooding", running.Evpn.Flooding, next.Evpn.Flooding, ConfigReader.FloodingWord);
        // Every key of the block, as written in it: the change may be any one of them.
        Compare(errors, evpn, "dad", running.Evpn.Dad, next.Evpn.Dad, d => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"enabled: {(d.Enabled ? "true" : "false")}, max-moves: {d.MaxMoves}, window: {d.Window}, freeze: {(d.Freeze ? "true" : "false")}, freeze-time: {d.FreezeTime}"));
        // The EVPN engine is built with its limit; it is not changed under a running table.
        var limits = Child(root, "limits") as MappingNode ?? root;
        Compare(errors, limits, "remote-macs", running.Limits.RemoteMacs, next.Limits.RemoteMacs, l => l?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no limit");
    }

    private static void Compare<T>(ConfigErrors errors, MappingNode map, string key, T running, T next, Func<T, string>? text = null)
    {
        if (EqualityComparer<T>.Default.Equals(running, next))
        {
            return;
        }
        var shown = text ?? (v => v?.ToString() ?? "none");
        errors.Add(Child(map, key) ?? map,
            $"{key} cannot change while evpnd runs (it runs with {shown(running)}); restart evpnd to apply it, or write the running value back");
    }

    /// <summary>An address as the file writes it: <c>{ address: ::, port: 179 }</c>, or <c>false</c>.</summary>
    private static string Endpoint(System.Net.IPEndPoint? endpoint) =>
        endpoint is null ? "false" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{ address: {endpoint.Address}, port: {endpoint.Port} }}");

    private static ConfigNode? Child(MappingNode map, string key) =>
        map.Entries.FirstOrDefault(e => e.Key is ScalarNode { Value: var k } && k == key).Value;
}
