using System.Globalization;
using System.Text.RegularExpressions;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// Every configuration in examples/ is one a user will copy: each must load, run and stop. evpnd
/// runs on each in a namespace of its own that has the VXLAN devices the example's comments ask
/// for (vxlan100, vxlan200 with the example's VTEP address); only the control socket and state
/// directory are moved into the lab directory. The neighbors are unreachable, which is fine.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed partial class ExampleConfigTests : InteropTest
{
    private static readonly int[] s_vnis = [100, 200];

    public static IEnumerable<TestCaseData> Examples() =>
        Directory.GetFiles(ExamplesDirectory, "*.yaml").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetFileName(path)).SetName($"Example {Path.GetFileName(path)} runs and stops cleanly"));

    [TestCaseSource(nameof(Examples))]
    public async Task ExampleRunsAndStopsCleanly(string file)
    {
        (EvpndNode node, DaemonProcess evpnd, string text) = await StartExampleAsync(file);
        string vtep = VtepAddress(text);

        IReadOnlyList<EvpndNeighbor> neighbors = await node.ShowNeighborsAsync();
        IReadOnlyList<EvpndVni> vnis = await Poll.UntilAsync(
            () => node.ShowEvpnVniAsync(),
            list => list.Count == s_vnis.Length,
            $"evpnd on {file} to serve VNIs {string.Join(", ", s_vnis)}",
            describe: list => string.Join("; ", list));
        TestContext.Out.WriteLine(string.Join('\n', vnis));
        Assert.Multiple(() =>
        {
            Assert.That(neighbors.Select(n => n.Address), Is.EquivalentTo(NeighborAddresses(text)), "the example's neighbors");
            Assert.That(vnis.Select(v => v.Vni), Is.EquivalentTo(s_vnis), "VNIs from the kernel's VXLAN devices or the example's list");
            Assert.That(vnis.Select(v => v.LocalVtep), Has.All.EqualTo(vtep), "local VTEP");
        });

        Assert.That(await evpnd.StopAsync(TimeSpan.FromSeconds(15)), Is.Zero, $"evpnd on {file} exits 0 on SIGTERM");
    }

    [Test]
    public async Task ExplicitRdAndRtExampleUsesTheConfiguredValues()
    {
        (EvpndNode node, DaemonProcess evpnd, _) = await StartExampleAsync("explicit-rd-rt.yaml");
        IReadOnlyList<EvpndVni> vnis = await Poll.UntilAsync(
            () => node.ShowEvpnVniAsync(), list => list.Count == 2, "evpnd to serve VNIs 100 and 200", describe: list => string.Join("; ", list));
        EvpndVni vni100 = vnis.Single(v => v.Vni == 100);
        EvpndVni vni200 = vnis.Single(v => v.Vni == 200);
        IReadOnlyList<EvpndMac> macs = await node.ShowEvpnMacsAsync(200);
        Assert.Multiple(() =>
        {
            Assert.That(vni100.Rd, Is.EqualTo("10.255.0.4:100"));
            Assert.That(vni100.ImportRouteTargets, Has.Some.EndsWith("65000:10100").And.Some.StartsWith("*:100"));
            Assert.That(vni100.ExportRouteTargets, Has.Exactly(1).EndsWith("65000:10100"));
            Assert.That(vni200.Rd, Is.EqualTo("65000:200"));
            Assert.That(vni200.ImportRouteTargets, Has.Exactly(1).EndsWith("65000:10200"));
            Assert.That(vni200.ExportRouteTargets, Has.Exactly(1).EndsWith("65000:10200"));
            Assert.That(macs.Where(m => m.Origin == "local").Select(m => m.Mac.ToLowerInvariant()),
                Is.SupersetOf(new[] { "02:00:00:00:04:fe", "02:00:00:00:04:fd" }), "the static MACs are local");
        });

        Assert.That(await evpnd.StopAsync(TimeSpan.FromSeconds(15)), Is.Zero);
    }

    private static string ExamplesDirectory
    {
        get
        {
            // The test runs from interop-tests/bin/<configuration>/<tfm>/: the repository is above.
            for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Evpn.sln")))
                {
                    return Path.Combine(directory.FullName, "examples");
                }
            }

            throw new LabException($"no Evpn.sln above {AppContext.BaseDirectory}: cannot find examples/");
        }
    }

    private async Task<(EvpndNode Node, DaemonProcess Process, string Text)> StartExampleAsync(string file)
    {
        string text = await File.ReadAllTextAsync(Path.Combine(ExamplesDirectory, file));
        Netns ns = await Lab.AddNamespaceAsync("example");
        string vtep = VtepAddress(text);
        await ns.AddAddressAsync("lo", vtep.Contains(':', StringComparison.Ordinal) ? $"{vtep}/128" : $"{vtep}/32");
        foreach (int vni in s_vnis)
        {
            string vniText = vni.ToString(CultureInfo.InvariantCulture);
            await ns.IpAsync("link", "add", $"br{vni}", "type", "bridge");
            await ns.IpAsync("link", "add", $"vxlan{vni}", "type", "vxlan", "id", vniText, "dstport", "4789", "local", vtep, "nolearning");
            await ns.IpAsync("link", "set", $"vxlan{vni}", "master", $"br{vni}", "addrgenmode", "none");
            await ns.IpAsync("link", "set", $"vxlan{vni}", "up");
            await ns.IpAsync("link", "set", $"br{vni}", "up");
        }

        // An EvpndNode only for its control-socket client; the configuration is the example's own.
        EvpndNode node = Lab.AddEvpnd(ns, 0, "0.0.0.0");
        string stateDir = Path.Combine(Lab.Directory, "state");
        Directory.CreateDirectory(stateDir);
        string config = Path.Combine(Lab.Directory, file);
        await File.WriteAllTextAsync(config, Relocate(text, node.ControlSocket, stateDir));
        DaemonProcess evpnd = Lab.StartDaemon(ns, "evpnd", [.. DotnetHost.EvpndCommand, "run", "--config", config]);
        await Poll.UntilAsync(
            async () =>
            {
                evpnd.ThrowIfExited();
                return File.Exists(node.ControlSocket) && (await node.CliAsync("show", "neighbors", "--json")).Succeeded;
            },
            answered => answered,
            $"evpnd on {file} to answer on its control socket");
        return (node, evpnd, text);
    }

    /// <summary>The example with control-socket and state-dir pointing into the lab directory.</summary>
    private static string Relocate(string text, string socket, string stateDir)
    {
        string result = ControlSocketLine().Replace(text, $"control-socket: {socket}");
        result = StateDirLine().Replace(result, $"state-dir: {stateDir}");
        if (!ControlSocketLine().IsMatch(result))
        {
            result += $"\ncontrol-socket: {socket}\n";
        }

        if (!StateDirLine().IsMatch(result))
        {
            result += $"\nstate-dir: {stateDir}\n";
        }

        return result;
    }

    /// <summary>The first local-vtep of the example, else its router id (the examples' VTEP on lo).</summary>
    private static string VtepAddress(string text) =>
        LocalVtepLine().Match(text) is { Success: true } vtep ? vtep.Groups[1].Value : RouterIdLine().Match(text).Groups[1].Value;

    private static IEnumerable<string> NeighborAddresses(string text) =>
        NeighborAddressLine().Matches(text).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^control-socket:.*$", RegexOptions.Multiline)]
    private static partial Regex ControlSocketLine();

    [GeneratedRegex(@"^state-dir:.*$", RegexOptions.Multiline)]
    private static partial Regex StateDirLine();

    [GeneratedRegex(@"^\s+local-vtep:\s*""?([0-9A-Fa-f:.]+)", RegexOptions.Multiline)]
    private static partial Regex LocalVtepLine();

    [GeneratedRegex(@"^router-id:\s*([0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex RouterIdLine();

    [GeneratedRegex(@"^\s+- address:\s*""?([^""\s#]+)", RegexOptions.Multiline)]
    private static partial Regex NeighborAddressLine();
}
