
namespace Evpnd.Daemon.Config;

/// <summary>
/// A kind of map in evpnd.yaml: the keys it may hold and how messages name it. Knowing every
/// section lets an unknown key that belongs elsewhere say so; a mis-indented key is the
/// commonest YAML mistake.
/// </summary>
internal sealed class ConfigSection
{
    public static readonly ConfigSection Top = new(
        "configuration", "at the top level", "at the top level",
        ["router-id", "asn", "listen", "control-socket", "control-socket-group", "control-socket-readonly-group", "log-level", "state-dir", "neighbors", "evpn", "limits", "graceful-restart", "metrics"]);

    public static readonly ConfigSection Listen = new("listen", "in listen", "under listen", ["address", "port"]);

    public static readonly ConfigSection Metrics = new("metrics", "in metrics", "under metrics", ["address", "port"]);

    public static readonly ConfigSection Neighbor = new(
        "neighbor", "in neighbor", "in a neighbor",
        [
            "address", "remote-as", "passive", "hold-time", "keepalive", "connect-retry", "description",
            "port", "local-address", "address-families", "password", "password-file", "ttl-security",
            "maximum-prefix", "graceful-restart",
        ]);

    public static readonly ConfigSection MaximumPrefix = new(
        "maximum-prefix", "in maximum-prefix", "under a neighbor's maximum-prefix",
        ["limit", "warning-threshold", "warning-only", "restart"]);

    public static readonly ConfigSection Limits = new("limits", "in limits", "under limits", ["remote-macs"]);

    public static readonly ConfigSection Evpn = new(
        "evpn", "in evpn", "under evpn",
        ["advertise-all-vni", "rt-auto-form", "import-wildcard-as", "flooding", "dad", "vnis"]);

    public static readonly ConfigSection Dad = new(
        "dad", "in dad", "under evpn.dad",
        ["enabled", "max-moves", "window", "freeze", "freeze-time"]);

    public static readonly ConfigSection Vni = new(
        "vni", "in vni", "in a vni",
        ["vni", "local-vtep", "rd", "route-targets", "flooding", "macs"]);

    public static readonly ConfigSection RouteTargets = new(
        "route-targets", "in route-targets", "under route-targets",
        ["import", "export", "both"]);

    public static readonly ConfigSection Mac = new("mac", "in mac", "in a mac", ["mac", "ip"]);

    public static readonly ConfigSection GracefulRestart = new(
        "graceful-restart", "in graceful-restart", "under graceful-restart",
        ["enabled", "restart-time", "stale-routes-time", "select-defer-time"]);

    // Where a misplaced key is most likely meant to go, first match wins ("address" is a
    // neighbor's before it is listen's).
    private static readonly ConfigSection[] s_all = [Top, Neighbor, Evpn, Dad, Vni, Listen, RouteTargets, Mac, MaximumPrefix, Limits, GracefulRestart, Metrics];

    private ConfigSection(string what, string where, string home, string[] keys)
    {
        What = what;
        Where = where;
        Home = home;
        Keys = keys;
    }

    /// <summary>The map's name as the subject of a message: "neighbor must be a map".</summary>
    public string What { get; }

    /// <summary>Where a key is, for messages: "in neighbor", "at the top level".</summary>
    public string Where { get; }

    /// <summary>Where a key belongs, for messages: "in a neighbor", "under evpn.dad".</summary>
    public string Home { get; }

    public IReadOnlyList<string> Keys { get; }

    /// <summary>The other section that has <paramref name="key"/>, if any.</summary>
    public ConfigSection? ElsewhereFor(string key) =>
        Array.Find(s_all, section => section != this && section.Keys.Contains(key));
}
