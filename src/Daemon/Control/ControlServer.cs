using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Control;

/// <summary>
/// The daemon side of the control socket: a Unix domain socket that answers one JSON request per
/// connection (see <see cref="ControlProtocol"/>). Binding happens in StartAsync so that a socket
/// held by another evpnd stops the daemon at start with one clear sentence. Every client is
/// checked (<see cref="ControlAccess"/>) and bounded (<see cref="ControlLimits"/>); each refusal
/// is one sentence in the response, which the CLI prints.
/// </summary>
internal sealed class ControlServer : IHostedService, IAsyncDisposable
{
    // SOL_SOCKET, SO_PEERCRED: struct ucred { pid_t pid; uid_t uid; gid_t gid; } (unix(7)).
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    private readonly string _path;
    private readonly Dictionary<string, IControlHandler> _handlers = new(StringComparer.Ordinal);
    private readonly ILogger<ControlServer> _logger;
    private readonly ControlAccess _access;
    private readonly ControlLimits _limits;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _clients;
    private bool _disposed;

    public ControlServer(string path, IEnumerable<IControlHandler> handlers, ILogger<ControlServer> logger,
        ControlAccess? access = null, ControlLimits? limits = null)
    {
        _path = path;
        _logger = logger;
        _access = access ?? ControlAccess.OwnerOnly;
        _limits = limits ?? ControlLimits.Default;
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
        _listener = Bind(_path, _access);
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

    private static Socket Bind(string path, ControlAccess access)
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
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new StartupException($"cannot create the control socket {path}: {e.Message}; run evpnd as root or set control-socket to a writable path");
        }
        try
        {
            // Mode and group are set before listen(2): until then a connect is refused, so no
            // client ever meets the socket with the mode bind(2) gave it.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, access.SocketMode);
            }
            if (access.Group is { } group && Interop.Libc.chown(path, uint.MaxValue, group.Gid) != 0)
            {
                var error = new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError()).Message;
                throw new StartupException($"cannot give the control socket {path} to group {group.Name} (control-socket-group): {error}; " +
                    $"run evpnd as root or as a member of {group.Name} (SupplementaryGroups={group.Name} in its unit)");
            }
            // Above the client cap, so that one client too many is accepted and told so instead of waiting in the backlog.
            socket.Listen(64);
            return socket;
        }
        catch
        {
            socket.Dispose();
            TryDelete(path);
            throw;
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
        var active = Interlocked.Increment(ref _clients);
        try
        {
            var response = await AnswerAsync(client, stream, active, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                return;
            }
            using var writeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            writeTimeout.CancelAfter(_limits.ReadTimeout);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(response, ControlJsonContext.Default.ControlResponse);
            await stream.WriteAsync(bytes, writeTimeout.Token).ConfigureAwait(false);
            await stream.WriteAsync("\n"u8.ToArray(), writeTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // The client went away or does not read; nothing to report.
        }
        finally
        {
            Interlocked.Decrement(ref _clients);
        }
    }

    /// <summary>The response for one client, or null when there is nobody left to answer.</summary>
    private async Task<ControlResponse?> AnswerAsync(Socket client, Stream stream, int active, CancellationToken cancellationToken)
    {
        if (active > _limits.MaxClients)
        {
            _logger.LogWarning("control socket: {Count} clients connected; one more refused", _limits.MaxClients);
            return Refused($"busy: {_limits.MaxClients} clients are using the control socket already; try again in a moment");
        }

        var (pid, uid, gid) = PeerCredentials(client);
        var right = _access.RightOf(uid, gid);
        if (right == ControlRight.None)
        {
            var user = UnixAccounts.UserName(uid);
            _logger.LogInformation("control socket: refused user {User} (uid {Uid}, pid {Pid})", user, uid, pid);
            return Refused(_access.Refusal(user));
        }

        using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        readTimeout.CancelAfter(_limits.ReadTimeout);
        try
        {
            string line;
            try
            {
                line = await ReadLineAsync(stream, _limits.MaxRequestBytes, readTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Refused($"no request within {_limits.ReadTimeout.TotalSeconds:0.#} s; the connection is closed");
            }
            var request = JsonSerializer.Deserialize(line, ControlJsonContext.Default.ControlRequest)
                ?? throw new ControlException("empty request");
            if (!_handlers.TryGetValue(request.Command, out var handler))
            {
                throw new ControlException($"unknown command '{request.Command}'");
            }
            if (right == ControlRight.ShowOnly && !ControlAccess.IsReadOnly(request.Command))
            {
                var user = UnixAccounts.UserName(uid);
                _logger.LogInformation("control socket: refused '{Command}' to user {User} (uid {Uid}, pid {Pid}): show commands only", request.Command, user, uid, pid);
                return Refused(_access.ShowOnlyRefusal(user, request.Command));
            }
            var result = await handler.HandleAsync(request.Command, request.Arguments ?? [], cancellationToken).ConfigureAwait(false);
            return new ControlResponse(true, result is null ? null : JsonSerializer.SerializeToElement(result, ControlJsonContext.Default.JsonNode), null);
        }
        catch (ControlException e)
        {
            return Refused(e.Message);
        }
        catch (JsonException e)
        {
            return Refused($"malformed request: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception e) when (e is not (IOException or SocketException))
        {
            _logger.LogError(e, "control request failed");
            return Refused($"internal error: {e.Message}");
        }
    }

    private static ControlResponse Refused(string sentence) => new(false, null, sentence);

    private static (int Pid, uint Uid, uint Gid) PeerCredentials(Socket client)
    {
        Span<byte> ucred = stackalloc byte[12];
        client.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        return (BitConverter.ToInt32(ucred), BitConverter.ToUInt32(ucred[4..]), BitConverter.ToUInt32(ucred[8..]));
    }

    private static async Task<string> ReadLineAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
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
            var take = newline < 0 ? n : newline;
            if (total.Length + take > maxBytes)
            {
                throw new ControlException($"request refused: longer than {maxBytes} bytes");
            }
            total.Write(buffer, 0, take);
            if (newline >= 0)
            {
                break;
            }
        }
        return Encoding.UTF8.GetString(total.GetBuffer(), 0, (int)total.Length);
    }
}
