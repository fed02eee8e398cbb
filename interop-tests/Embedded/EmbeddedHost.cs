using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;

namespace Evpnd.Interop.Tests.Embedded;

/// <summary>
/// The embedded example (examples/embedded) as a process in a VTEP's namespace:
/// `ip netns exec NS dotnet Evpnd.Examples.Embedded.dll --asn ... --registry FILE`, with its
/// registry file and state directory in the lab directory.
/// </summary>
internal sealed class EmbeddedHost
{
    private readonly Lab _lab;
    private readonly string[] _arguments;

    public EmbeddedHost(Lab lab, Netns ns, uint asn, string vtep, string neighbor, int vni)
    {
        _lab = lab;
        Namespace = ns;
        RegistryPath = Path.Combine(lab.Directory, $"{ns.ShortName}-registry.json");
        string stateDir = Path.Combine(lab.Directory, $"{ns.ShortName}-embedded-state");
        _arguments = ["--asn", $"{asn}", "--router-id", vtep, "--vtep", vtep, "--neighbor", neighbor, "--vni", $"{vni}",
            "--registry", RegistryPath, "--state-dir", stateDir];
        Vni = vni;
    }

    public Netns Namespace { get; }

    public int Vni { get; }

    public string RegistryPath { get; }

    public DaemonProcess? Process { get; private set; }

    /// <summary>The example's assembly, copied next to the test assembly through the project reference.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Evpnd.Examples.Embedded.dll");

    /// <summary>Writes the registry as the platform would: a new file moved over the old one, so that it is never read half-written.</summary>
    public async Task WriteRegistryAsync(params (string Mac, string? Ip)[] hosts)
    {
        string entries = string.Join(", ", hosts.Select(h => h.Ip is null ? $"{{ \"mac\": \"{h.Mac}\" }}" : $"{{ \"mac\": \"{h.Mac}\", \"ip\": \"{h.Ip}\" }}"));
        string next = RegistryPath + ".next";
        await File.WriteAllTextAsync(next, $"{{ \"vni\": {Vni}, \"macs\": [ {entries} ] }}\n");
        File.Move(next, RegistryPath, overwrite: true);
    }

    /// <summary>Starts the host and waits until its speaker has started and the registry has been applied once.</summary>
    public async Task StartAsync()
    {
        string host = DotnetHost.HostPath ?? throw new LabException("the dotnet host was not found");
        DaemonProcess process = _lab.StartDaemon(Namespace, $"{Namespace.ShortName}-embedded", [host, Dll, .. _arguments]);
        Process = process;
        await WaitForLogAsync("registry applied", "to start its speaker and apply its registry");
    }

    /// <summary>Polls the host's log for a line containing <paramref name="text"/>; fails when the host exits first.</summary>
    public async Task<string> WaitForLogAsync(string text, string description)
    {
        DaemonProcess process = Process ?? throw new LabException($"the embedded host in {Namespace} was never started");
        string? line = await Poll.UntilAsync(
            () =>
            {
                process.ThrowIfExited();
                return Task.FromResult(process.LogLines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)));
            },
            found => found is not null,
            $"the embedded host in {Namespace} {description}",
            describe: _ => process.Log);
        return line!;
    }
}
