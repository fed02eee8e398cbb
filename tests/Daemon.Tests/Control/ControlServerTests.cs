using System.Text.Json;
using System.Text.Json.Nodes;
using Evpnd.Daemon.Cli;
using Evpnd.Daemon.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evpnd.Daemon.Tests.Control;

public sealed class ControlServerTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("evpnd-ctl-").FullName;
    }

    [TearDown]
    public void TearDown()
    {
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task AnswersARequestThroughTheClient()
    {
        var path = Path.Combine(_dir, "sub", "evpnd.sock");
        await using var server = new ControlServer(path, [new EchoHandler()], NullLogger<ControlServer>.Instance);
        await server.StartAsync(CancellationToken.None);

        var response = await ControlClient.SendAsync(path, new ControlRequest("echo", new() { ["word"] = "hello" }), CancellationToken.None);

        Assert.That(response.Ok, Is.True);
        Assert.That(response.Result!.Value.GetProperty("word").GetString(), Is.EqualTo("hello"));
        await server.StopAsync(CancellationToken.None);
        Assert.That(File.Exists(path), Is.False, "the socket file is removed on stop");
    }

    [Test]
    public async Task UnknownCommandIsAnError()
    {
        var path = Path.Combine(_dir, "evpnd.sock");
        await using var server = new ControlServer(path, [new EchoHandler()], NullLogger<ControlServer>.Instance);
        await server.StartAsync(CancellationToken.None);

        var response = await ControlClient.SendAsync(path, new ControlRequest("reboot", null), CancellationToken.None);

        Assert.That(response.Ok, Is.False);
        Assert.That(response.Error, Is.EqualTo("unknown command 'reboot'"));
    }

    [Test]
    public async Task ASecondDaemonOnTheSameSocketIsRefusedInOneSentence()
    {
        var path = Path.Combine(_dir, "evpnd.sock");
        await using var first = new ControlServer(path, [], NullLogger<ControlServer>.Instance);
        await first.StartAsync(CancellationToken.None);
        await using var second = new ControlServer(path, [], NullLogger<ControlServer>.Instance);

        var e = Assert.ThrowsAsync<StartupException>(() => second.StartAsync(CancellationToken.None));

        Assert.That(e!.Message, Is.EqualTo($"another evpnd is already serving the control socket {path}; stop it or set control-socket to another path"));
    }

    [Test]
    public async Task AStaleSocketFileIsReplaced()
    {
        var path = Path.Combine(_dir, "evpnd.sock");
        // A daemon killed with SIGKILL leaves its socket file behind with nobody serving it.
        File.WriteAllText(path, "");
        Assert.That(File.Exists(path), Is.True);

        await using var server = new ControlServer(path, [new EchoHandler()], NullLogger<ControlServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        var response = await ControlClient.SendAsync(path, new ControlRequest("echo", new() { ["word"] = "again" }), CancellationToken.None);

        Assert.That(response.Ok, Is.True);
    }

    [Test]
    public void ClientWithoutDaemonSaysWhatToDo()
    {
        var path = Path.Combine(_dir, "none.sock");

        var e = Assert.ThrowsAsync<ControlException>(() => ControlClient.SendAsync(path, new ControlRequest("echo", null), CancellationToken.None));

        Assert.That(e!.Message, Is.EqualTo($"cannot reach evpnd at {path}: no such socket; is the daemon running? (--socket PATH selects another)"));
    }

    private sealed class EchoHandler : IControlHandler
    {
        public IEnumerable<string> Commands => ["echo"];

        public ValueTask<JsonNode?> HandleAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken) =>
            ValueTask.FromResult<JsonNode?>(JsonSerializer.SerializeToNode(new { word = arguments["word"] }));
    }
}
