using System.Diagnostics;

namespace Evpnd.Daemon.Tests.Cli;

/// <summary>The bash script of `evpnd completion bash`, sourced into a real bash and asked as Tab asks it.</summary>
public sealed class CompletionScriptTests
{
    private static string s_script = "";

    [OneTimeSetUp]
    public async Task PrintTheScript()
    {
        var (code, stdout, stderr) = await Hosting.EvpndProcess.RunAsync("completion", "bash");
        Assert.That(code, Is.EqualTo(0), stderr);
        s_script = stdout;
    }

    [TestCase("evpnd ", new[] { "clear", "completion", "evpn", "log-level", "reload", "run", "show" })]
    [TestCase("evpnd sh", new[] { "show" })]
    [TestCase("evpnd show ", new[] { "bgp", "evpn", "kernel", "neighbor", "neighbors" })]
    [TestCase("evpnd show evpn ", new[] { "duplicates", "flood", "mac", "macs", "route", "routes", "vni" })]
    [TestCase("evpnd show evpn d", new[] { "duplicates" })]
    [TestCase("evpnd log-level ", new[] { "debug", "error", "info", "trace", "warning" })]
    [TestCase("evpnd run --log-format j", new[] { "journal", "json" })]
    [TestCase("/usr/sbin/evpnd completion ", new[] { "bash", "zsh" })]
    public async Task TabCompletesWhatTheCommandTreeHas(string line, string[] expected)
    {
        var words = await CompleteAsync(line);

        Assert.That(words.Where(w => !w.StartsWith('-')), Is.EqualTo(expected));
    }

    [Test]
    public async Task OptionsAreCompletedToo()
    {
        var words = await CompleteAsync("evpnd show evpn routes --");

        Assert.That(words, Does.Contain("--type").And.Contain("--vni").And.Contain("--json").And.Contain("--socket"));
        Assert.That(words, Does.Not.Contain("--config"));
    }

    /// <summary>Runs the completion function as bash's `complete -F` would, with evpnd being this build.</summary>
    private static async Task<string[]> CompleteAsync(string line)
    {
        var program = line[..line.IndexOf(' ', StringComparison.Ordinal)];
        var info = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--norc");
        info.ArgumentList.Add("-s");
        using var bash = Process.Start(info)!;
        var dll = Path.Combine(AppContext.BaseDirectory, "evpnd.dll");
        // COMP_WORDS as bash splits the line; a word that ends the line empty when it ends in a space.
        await bash.StandardInput.WriteAsync($$"""
            {{program}}() { dotnet '{{dll}}' "$@"; }
            {{s_script}}
            COMP_LINE='{{line}}'
            COMP_POINT=${#COMP_LINE}
            read -ra COMP_WORDS <<< "$COMP_LINE"
            [[ "$COMP_LINE" == *' ' ]] && COMP_WORDS+=('')
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _evpnd
            printf '%s\n' "${COMPREPLY[@]}"

            """);
        bash.StandardInput.Close();
        var output = await bash.StandardOutput.ReadToEndAsync();
        var errors = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.That(bash.ExitCode, Is.EqualTo(0), errors);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
    }
}
