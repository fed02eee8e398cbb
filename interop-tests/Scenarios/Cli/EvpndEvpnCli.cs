using System.Globalization;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;

namespace Evpnd.Interop.Tests.Scenarios.Cli;

/// <summary>The EVPN `show` commands of evpnd's CLI, read as JSON.</summary>
public static class EvpndEvpnCli
{
    /// <summary>`evpnd show evpn macs [--vni N] --json`.</summary>
    public static async Task<IReadOnlyList<EvpndMac>> ShowEvpnMacsAsync(this EvpndNode node, int? vni = null)
    {
        string[] args = vni is int v ? ["show", "evpn", "macs", "--vni", Text(v), "--json"] : ["show", "evpn", "macs", "--json"];
        return (await RunAsync<EvpndMacList>(node, args)).Macs;
    }

    /// <summary>`evpnd show evpn vni [N] --json`.</summary>
    public static async Task<IReadOnlyList<EvpndVni>> ShowEvpnVnisAsync(this EvpndNode node, int? vni = null)
    {
        string[] args = vni is int v ? ["show", "evpn", "vni", Text(v), "--json"] : ["show", "evpn", "vni", "--json"];
        return (await RunAsync<EvpndVniList>(node, args)).Vnis;
    }

    /// <summary>`evpnd show evpn routes [--type T] [--vni N] --json`.</summary>
    public static async Task<IReadOnlyList<EvpndRoute>> ShowEvpnRoutesAsync(this EvpndNode node, int? type = null, int? vni = null)
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
        return (await RunAsync<EvpndRouteList>(node, [.. args])).Routes;
    }

    private static async Task<T> RunAsync<T>(EvpndNode node, string[] args)
    {
        node.Process?.ThrowIfExited();
        CommandResult result = (await node.CliAsync(args)).EnsureSuccess();
        return Json.Parse<T>(result.Stdout, $"evpnd {string.Join(' ', args)}");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
