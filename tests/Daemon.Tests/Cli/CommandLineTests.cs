using Evpnd.Daemon.Cli;

namespace Evpnd.Daemon.Tests.Cli;

public sealed class CommandLineTests
{
    [Test]
    public void RunNeedsAConfigFile()
    {
        var command = CommandLine.Parse(["run"]);

        Assert.That(command, Is.EqualTo(new UsageError("'evpnd run' needs --config FILE", "run")));
    }

    [Test]
    public void RunWithConfig()
    {
        var command = CommandLine.Parse(["run", "--config", "/etc/evpnd/evpnd.yaml"]);

        Assert.That(command, Is.EqualTo(new RunCommand("/etc/evpnd/evpnd.yaml", null)));
    }

    [Test]
    public void RunWithJournalLogs()
    {
        var command = CommandLine.Parse(["run", "--config", "x.yaml", "--log-format", "journal"]);

        Assert.That(command, Is.EqualTo(new RunCommand("x.yaml", "journal")));
    }

    [Test]
    public void ShowNeighborsAsJsonOnAnotherSocket()
    {
        var command = (ControlCommand)CommandLine.Parse(["show", "neighbors", "--json", "--socket", "/tmp/x.sock"]);

        Assert.That(command.Name, Is.EqualTo("show neighbors"));
        Assert.That(command.Json, Is.True);
        Assert.That(command.SocketPath, Is.EqualTo("/tmp/x.sock"));
    }

    [Test]
    public void OptionsOfTheShowCommandsMayComeFirst()
    {
        var command = (ControlCommand)CommandLine.Parse(["show", "--json", "--socket", "/tmp/x.sock", "evpn", "macs", "--vni", "100"]);

        Assert.That(command, Is.EqualTo(command with { Name = "show evpn macs", Json = true, SocketPath = "/tmp/x.sock" }));
        Assert.That(command.Arguments, Is.EquivalentTo(new Dictionary<string, string> { ["vni"] = "100" }));
    }

    [Test]
    public void ShowOneNeighborCarriesTheAddress()
    {
        var command = (ControlCommand)CommandLine.Parse(["show", "neighbor", "fd00::1"]);

        Assert.That(command.Name, Is.EqualTo("show neighbor"));
        Assert.That(command.Arguments["address"], Is.EqualTo("fd00::1"));
        Assert.That(command.Json, Is.False);
    }

    [TestCase("show neighbor")]
    [TestCase("show neighbors")]
    [TestCase("show bgp summary")]
    public void EveryNameOfTheSummaryIsTheSummary(string line)
    {
        Assert.That(((ControlCommand)CommandLine.Parse(line.Split(' '))).Name, Is.EqualTo("show neighbors"));
    }

    private static IEnumerable<TestCaseData> ControlCommands()
    {
        yield return new TestCaseData(new[] { "show", "evpn", "vni", "100" }, "show evpn vni", new Dictionary<string, string> { ["vni"] = "100" });
        yield return new TestCaseData(new[] { "show", "evpn", "mac" }, "show evpn macs", new Dictionary<string, string>());
        yield return new TestCaseData(new[] { "show", "evpn", "routes", "--type", "2", "--vni", "7" }, "show evpn routes",
            new Dictionary<string, string> { ["type"] = "2", ["vni"] = "7" });
        yield return new TestCaseData(new[] { "show", "evpn", "duplicates", "--vni", "100" }, "show evpn duplicates", new Dictionary<string, string> { ["vni"] = "100" });
        yield return new TestCaseData(new[] { "evpn", "mac", "add", "--vni", "100", "02:00:00:00:00:01", "192.0.2.1" }, "evpn mac add",
            new Dictionary<string, string> { ["vni"] = "100", ["mac"] = "02:00:00:00:00:01", ["ip"] = "192.0.2.1" });
        yield return new TestCaseData(new[] { "evpn", "mac", "del", "02:00:00:00:00:01", "--vni", "100" }, "evpn mac del",
            new Dictionary<string, string> { ["vni"] = "100", ["mac"] = "02:00:00:00:00:01" });
        yield return new TestCaseData(new[] { "clear", "evpn", "duplicate", "--vni", "100", "02:00:00:00:00:01" }, "clear evpn duplicate",
            new Dictionary<string, string> { ["vni"] = "100", ["mac"] = "02:00:00:00:00:01" });
        yield return new TestCaseData(new[] { "log-level", "debug" }, "log-level", new Dictionary<string, string> { ["level"] = "debug" });
        yield return new TestCaseData(new[] { "reload" }, "reload", new Dictionary<string, string>());
        yield return new TestCaseData(new[] { "show", "evpn", "flood", "--vni", "100" }, "show evpn flood", new Dictionary<string, string> { ["vni"] = "100" });
        yield return new TestCaseData(new[] { "show", "kernel" }, "show kernel", new Dictionary<string, string>());
        yield return new TestCaseData(new[] { "show", "kernel", "--vni", "100", "--json" }, "show kernel", new Dictionary<string, string> { ["vni"] = "100" });
        yield return new TestCaseData(new[] { "clear", "neighbor", "10.0.0.1" }, "clear neighbor", new Dictionary<string, string> { ["address"] = "10.0.0.1" });
        yield return new TestCaseData(new[] { "clear", "neighbor", "--soft", "fd00::1" }, "clear neighbor",
            new Dictionary<string, string> { ["address"] = "fd00::1", ["soft"] = "true" });
    }

    [TestCaseSource(nameof(ControlCommands))]
    public void ControlCommandsCarryTheirArguments(string[] args, string name, Dictionary<string, string> arguments)
    {
        var command = (ControlCommand)CommandLine.Parse(args);

        Assert.That(command.Name, Is.EqualTo(name));
        Assert.That(command.Arguments, Is.EquivalentTo(arguments));
    }

    [TestCase(new[] { "show", "routes" }, "unknown command 'show routes'", "show")]
    [TestCase(new[] { "shwo", "neighbors" }, "unknown command 'shwo' (did you mean 'show'?)", "")]
    [TestCase(new[] { "run", "--confg", "x" }, "unknown option '--confg' (did you mean '--config'?)", "run")]
    [TestCase(new[] { "show", "neighbors", "--socket" }, "option '--socket' needs a value", "show neighbors")]
    [TestCase(new[] { "run", "--config", "x", "--log-format", "xml" }, "--log-format takes text, json or journal, not 'xml'", "run")]
    [TestCase(new[] { "show", "evpn" }, "'evpnd show evpn' needs a command: vni, flood, macs, routes, duplicates", "show evpn")]
    [TestCase(new[] { "evpn", "mac", "add", "02:00:00:00:00:01" }, "'evpnd evpn mac add' needs --vni N", "evpn mac add")]
    [TestCase(new[] { "clear", "evpn", "duplicate", "--vni", "1" }, "'evpnd clear evpn duplicate' needs MAC", "clear evpn duplicate")]
    [TestCase(new[] { "log-level", "loud" }, "the log level takes trace, debug, info, warning or error, not 'loud'", "log-level")]
    [TestCase(new[] { "show", "evpn", "macs", "extra" }, "unexpected argument 'extra' for 'evpnd show evpn macs'", "show evpn macs")]
    [TestCase(new[] { "completion", "fish" }, "completion takes bash or zsh, not 'fish'", "completion")]
    public void MistakesAreNamed(string[] args, string error, string helpCommand)
    {
        Assert.That(CommandLine.Parse(args), Is.EqualTo(new UsageError(error, helpCommand)));
    }

    [Test]
    public void NoArgumentsPrintsTheCommands()
    {
        var help = (PrintCommand)CommandLine.Parse([]);

        Assert.That(help.Text, Does.Contain("Usage:\n  evpnd [command] [options]"));
        foreach (var command in (string[])["run", "show", "evpn", "clear", "log-level", "completion"])
        {
            Assert.That(help.Text, Does.Match($"\\n  {command}\\b"), command);
        }
        Assert.That(help.Text, Does.Not.Contain("__man"), "the man page generator is hidden");
    }

    [TestCase(new[] { "show", "--help" }, "evpnd show [command] [options]", "neighbors")]
    [TestCase(new[] { "show", "evpn", "routes", "-h" }, "evpnd show evpn routes [options]", "--type <1..5>")]
    [TestCase(new[] { "evpn", "mac", "add", "--help" }, "evpnd evpn mac add <MAC> [<IP>] [options]", "--vni <N> (REQUIRED)")]
    [TestCase(new[] { "run", "--help" }, "evpnd run [options]", "--log-format <text|json|journal>")]
    public void EveryCommandHasHelp(string[] args, string usage, string mention)
    {
        var help = (PrintCommand)CommandLine.Parse(args);

        Assert.That(help.Text, Does.Contain(usage));
        Assert.That(help.Text, Does.Contain(mention));
    }

    [Test]
    public void VersionNamesTheProgram()
    {
        var version = (PrintCommand)CommandLine.Parse(["--version"]);

        Assert.That(version.Text, Does.Match(@"^evpnd \d+\.\d+\.\d+\S*\n$"));
    }

    [Test]
    public void TheManPageHasEveryCommand()
    {
        var man = ((PrintCommand)CommandLine.Parse(["__man"])).Text;

        Assert.That(man, Does.StartWith(".TH EVPND 8 "));
        foreach (var command in (string[])["run", "show neighbors", "show evpn duplicates", "evpn mac add", "clear evpn duplicate", "log\\-level", "completion"])
        {
            Assert.That(man, Does.Contain($".B evpnd {command}\n"), command);
        }
        Assert.That(man, Does.Contain(".SH EXIT STATUS"));
    }
}
