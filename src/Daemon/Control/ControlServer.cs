using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Control;

/// <summary>
/// The daemon side of the control socket: a Unix domain socket that answers one JSON request per
/// connection (see <see cref="ControlProtocol"/>). Binding happens in StartAsync so that a socket
/// held by another evpnd stops the daemon at start with one clear sentence.
/// </summary>
internal sealed class ControlServer : IHostedService, IAsyncDisposable
{
    private const int MaxRequestBytes = 64 * 1024;

    private readonly string _path;
    private readonly Dictionary<string, IControlHandler> _handlers = new(StringComparer.Ordinal);
    private readonly ILogger<ControlServer> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private bool _disposed;

    public ControlServer(string path, IEnumerable<IControlHandler> handlers, ILogger<ControlServer> logger)
    {
        _path = path;
        _logger = logger;
        foreach (var handler in handlers)
        {
            foreach (var command in handler.Commands)
            {
                _handlers.Add(command, handler);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = Bind(_path);
        _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
        _logger.LogInformation("control socket listening on {Path}", _path);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        TryDelete(_path);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stopping.Cancel();
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    private static Socket Bind(string path)
    {
        var directory = Path.GetDirectoryName(path);
        try
        {
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new StartupException($"cannot create the control socket directory {directory}: {e.Message}; run evpnd as root or set control-socket to a writable path");
        }

        if (File.Exists(path) || Directory.Exists(path))
        {
            if (IsServed(path))
            {
                throw new StartupException($"another evpnd is already serving the control socket {path}; stop it or set control-socket to another path");
            }
            TryDelete(path); // stale socket from a daemon that did not exit cleanly
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(16);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new StartupException($"cannot create the control socket {path}: {e.Message}; run evpnd as root or set control-socket to a writable path");
        }
    }

    private static bool IsServed(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException ||
                                      (e is SocketException && cancellationToken.IsCancellationRequested))
            {
                return;
            }
            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using var _ = client;
        await using var stream = new NetworkStream(client, ownsSocket: false);
        ControlResponse response;
        try
        {
            var line = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
            var request = JsonSerializer.Deserialize<ControlRequest>(line, ControlProtocol.Json)
                ?? throw new ControlException("empty request");
            if (!_handlers.TryGetValue(request.Command, out var handler))
            {
                throw new ControlException($"unknown command '{request.Command}'");
            }
            var result = await handler.HandleAsync(request.Command, request.Arguments ?? [], cancellationToken).ConfigureAwait(false);
            response = new ControlResponse(true, result is null ? null : JsonSerializer.SerializeToElement(result, ControlProtocol.Json), null);
        }
        catch (ControlException e)
        {
            response = new ControlResponse(false, null, e.Message);
        }
        catch (JsonException e)
        {
            response = new ControlResponse(false, null, $"malformed request: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "control request failed");
            response = new ControlResponse(false, null, $"internal error: {e.Message}");
        }

        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(response, ControlProtocol.Json);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // The client went away; nothing to report.
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var total = new MemoryStream();
        while (true)
        {
            var n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }
            var newline = Array.IndexOf(buffer, (byte)'\n', 0, n);
            total.Write(buffer, 0, newline < 0 ? n : newline);
            if (newline >= 0)
            {
                break;
            }
            if (total.Length > MaxRequestBytes)
            {
                throw new ControlException("request too large");
            }
        }
        return Encoding.UTF8.GetString(total.GetBuffer(), 0, (int)total.Length);
    }
}
