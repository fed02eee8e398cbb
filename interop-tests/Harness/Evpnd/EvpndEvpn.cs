using System.Globalization;

namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>
/// evpnd's EVPN CLI (`show evpn vni|macs|routes`, `evpn mac add|del`) for the interop tests, as
/// extension methods so that <see cref="EvpndNode"/> stays about sessions.
/// </summary>
public static class EvpndEvpn
{
    /// <summary>`evpnd show evpn vni [N] --json`.</summary>
    public static async Task<IReadOnlyList<EvpndVni>> ShowEvpnVniAsync(this EvpndNode node, int? vni = null)
    {
        string[] args = vni is int v ? ["show", "evpn", "vni", Text(v), "--json"] : ["show", "evpn", "vni", "--json"];
        return Json.Parse<EvpndVniList>(await RunAsync(node, args), $"evpnd {string.Join(' ', args)}").Vnis;
    }

    /// <summary>`evpnd show evpn macs [--vni N] --json`.</summary>
    public static async Task<IReadOnlyList<EvpndMac>> ShowEvpnMacsAsync(this EvpndNode node, int? vni = null)
    {
        string[] args = vni is int v ? ["show", "evpn", "macs", "--vni", Text(v), "--json"] : ["show", "evpn", "macs", "--json"];
        return Json.Parse<EvpndMacList>(await RunAsync(node, args), $"evpnd {string.Join(' ', args)}").Macs;
    }

    /// <summary>`evpnd show evpn routes [--type T] [--vni N] --json`.</summary>
    public static async Task<IReadOnlyList<EvpndEvpnRoute>> ShowEvpnRoutesAsync(this EvpndNode node, int? type = null, int? vni = null)
    {
        List<string> args = ["show", "evpn", "routes"];
        if (type is int t)
        {
            args.AddRange(["--type", Text(t)]);
        }

        if (vni is int v)
        {
            args.AddRange(["--vni", Text(v)]);
        }

        args.Add("--json");
        return Json.Parse<EvpndEvpnRouteList>(await RunAsync(node, [.. args]), $"evpnd {string.Join(' ', args)}").Routes;
    }

    /// <summary>Polls `show evpn routes` until the condition holds; fails the test with the last list seen.</summary>
    public static Task<IReadOnlyList<EvpndEvpnRoute>> WaitForEvpnRoutesAsync(
        this EvpndNode node, Func<IReadOnlyList<EvpndEvpnRoute>, bool> condition, string description, TimeSpan? timeout = null) =>
        Poll.UntilAsync(
            () => node.ShowEvpnRoutesAsync(),
            condition,
            $"evpnd in {node.Namespace}: {description}",
            timeout,
            routes => routes.Count == 0 ? "no routes" : string.Join("; ", routes));

    /// <summary>`evpnd evpn mac add --vni N MAC [IP]`: a static local MAC, advertised as type 2.</summary>
    public static Task AddStaticMacAsync(this EvpndNode node, int vni, string mac, string? ip = null) =>
        RunAsync(node, ip is null ? ["evpn", "mac", "add", "--vni", Text(vni), mac] : ["evpn", "mac", "add", "--vni", Text(vni), mac, ip]);

    /// <summary>`evpnd evpn mac del --vni N MAC [IP]`: withdraws a static MAC.</summary>
    public static Task DeleteStaticMacAsync(this EvpndNode node, int vni, string mac, string? ip = null) =>
        RunAsync(node, ip is null ? ["evpn", "mac", "del", "--vni", Text(vni), mac] : ["evpn", "mac", "del", "--vni", Text(vni), mac, ip]);

    private static async Task<string> RunAsync(EvpndNode node, string[] args)
    {
        node.Process?.ThrowIfExited();
        return (await node.CliAsync(args)).EnsureSuccess().Stdout;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
