using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Evpnd.Daemon.Control;

namespace Evpnd.Daemon.Cli;

/// <summary>The CLI side of the control socket: one request, one response line.</summary>
internal static class ControlClient
{
    public static async Task<ControlResponse> SendAsync(string socketPath, ControlRequest request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            throw new ControlException(PermissionDenied(socketPath));
        }
        catch (SocketException e)
        {
            var why = e.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "no such socket",
                SocketError.ConnectionRefused => "nothing is listening on it",
                _ => e.Message,
            };
            if (!File.Exists(socketPath))
            {
                why = "no such socket";
            }
            throw new ControlException($"cannot reach evpnd at {socketPath}: {why}; is the daemon running? (--socket PATH selects another)");
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(request, ControlJsonContext.Default.ControlRequest);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // A daemon that refuses a client (busy, not allowed) answers and closes without
            // reading; its answer is still there to read.
        }

        // One line: a daemon that closed without reading our request may reset the connection
        // after its answer, which is no reason to lose the answer.
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? line;
        try
        {
            line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            line = null;
        }
        if (string.IsNullOrWhiteSpace(line))
        {
            throw new ControlException($"evpnd at {socketPath} closed the connection without an answer");
        }
        return JsonSerializer.Deserialize(line, ControlJsonContext.Default.ControlResponse)
            ?? throw new ControlException($"evpnd at {socketPath} sent an empty answer");
    }

    /// <summary>
    /// The kernel refused the connect (the socket is 0600 or 0660): say which group would let
    /// this user in, as the daemon does when its own check refuses a client.
    /// </summary>
    private static string PermissionDenied(string socketPath)
    {
        var user = Environment.UserName;
        if (UnixAccounts.FileGroup(socketPath) is not { } gid)
        {
            return $"permission denied: user {user} cannot open {socketPath} (a directory on the way is closed to this user); ask an administrator, or run as root";
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(socketPath) & UnixFileMode.GroupWrite) == 0)
        {
            return "permission denied: only root and the user evpnd runs as may use the control socket (no control-socket-group is configured); ask an administrator, or run as root";
        }
        return $"permission denied: user {user} is not in group {UnixAccounts.GroupName(gid)} (control-socket-group); ask an administrator to add you, or run as root";
    }
}
