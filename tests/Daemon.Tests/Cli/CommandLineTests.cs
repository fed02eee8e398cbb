using Evpnd.Daemon.Cli;

namespace Evpnd.Daemon.Tests.Cli;

public sealed class CommandLineTests
{
    [Test]
    public void RunNeedsAConfigFile()
    {
        var command = CommandLine.Parse(["run"]);

        Assert.That(command, Is.EqualTo(new HelpCommand("'evpnd run' needs --config FILE")));
    }

    [Test]
    public void RunWithConfig()
    {
        var command = CommandLine.Parse(["run", "--config", "/etc/evpnd/evpnd.yaml"]);

        Assert.That(command, Is.EqualTo(new RunCommand("/etc/evpnd/evpnd.yaml", null)));
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
    public void ShowOneNeighborCarriesTheAddress()
    {
        var command = (ControlCommand)CommandLine.Parse(["show", "neighbor", "fd00::1"]);

        Assert.That(command.Name, Is.EqualTo("show neighbor"));
        Assert.That(command.Arguments["address"], Is.EqualTo("fd00::1"));
        Assert.That(command.Json, Is.False);
    }

    [TestCase(new[] { "show", "routes" }, "unknown command 'show routes'")]
    [TestCase(new[] { "run", "--confg", "x" }, "unknown option '--confg'")]
    [TestCase(new[] { "show", "neighbors", "--socket" }, "option '--socket' needs a value")]
    [TestCase(new[] { "run", "--config", "x", "--log-format", "xml" }, "--log-format takes text or json, not 'xml'")]
    public void MistakesAreNamed(string[] args, string error)
    {
        Assert.That(CommandLine.Parse(args), Is.EqualTo(new HelpCommand(error)));
    }
}
