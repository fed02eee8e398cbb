using System.Diagnostics;
using Evpnd.Daemon.Cli;

namespace Evpnd.Daemon.Tests.Packaging;

/// <summary>
/// packaging/build-deb as CI runs it: it builds the .deb (Native AOT and all), which is unpacked
/// into a fresh root, and the evpnd found there runs.
/// </summary>
[NonParallelizable]
public sealed class DebPackageTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("evpnd-deb-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task TheDebInstallsAnEvpndThatRuns()
    {
        var output = Path.Combine(_dir, "out");
        var (code, log) = await RunAsync(Path.Combine(RepositoryRoot(), "packaging", "build-deb"), output);
        Assert.That(code, Is.EqualTo(0), log);
        var deb = Directory.GetFiles(output, "evpnd_*_amd64.deb").Single();

        var root = Path.Combine(_dir, "root");
        Assert.That((await RunAsync("dpkg-deb", "-x", deb, root)).Code, Is.EqualTo(0));
        var (versionCode, version) = await RunAsync(Path.Combine(root, "usr", "sbin", "evpnd"), "--version");

        Assert.That(versionCode, Is.EqualTo(0), version);
        Assert.That(version, Is.EqualTo(CommandLine.VersionText + "\n"), "the packaged evpnd is this build");
        var package = Path.GetFileName(deb);
        Assert.That(package, Is.EqualTo($"evpnd_{CommandLine.VersionText["evpnd ".Length..].Split('+')[0]}_amd64.deb"));

        var unit = File.ReadAllText(Path.Combine(root, "lib", "systemd", "system", "evpnd.service"));
        var execStart = unit.Split('\n').Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
        Assert.That(File.Exists(Path.Combine(root, execStart[0].TrimStart('/'))), Is.True, $"the unit starts {execStart[0]}, which the package installs");
        Assert.That(File.Exists(Path.Combine(root, execStart[^1].TrimStart('/'))), Is.True, $"the unit's configuration {execStart[^1]} is in the package");
        var execReload = unit.Split('\n').Single(l => l.StartsWith("ExecReload=", StringComparison.Ordinal))["ExecReload=".Length..].Split(' ');
        Assert.That(execReload, Is.EqualTo(new[] { execStart[0], "reload" }), "systemctl reload runs evpnd reload, which reports a refused file");
        Assert.That((await RunAsync("dpkg-deb", "-I", deb, "conffiles")).Output.Trim(), Is.EqualTo("/etc/evpnd/evpnd.yaml"));

        var (manCode, man) = await RunAsync("man", "-l", "-Tutf8", Path.Combine(root, "usr", "share", "man", "man8", "evpnd.8.gz"));
        Assert.That(manCode, Is.EqualTo(0), man);
        man = System.Text.RegularExpressions.Regex.Replace(man, ".\b", ""); // bold and underline are overstrikes off a terminal
        Assert.That(man, Does.Contain("evpnd clear evpn duplicate").And.Contain("EXIT STATUS"), "the man page is the CLI's help");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "packaging", "build-deb")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no packaging/build-deb above {AppContext.BaseDirectory}");
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish within 8 minutes");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
