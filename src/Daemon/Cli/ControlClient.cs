using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Evpnd.Daemon.Control;

namespace Evpnd.Daemon.Cli;

/// <summary>The CLI side of the control socket: one request, one response.</summary>
internal static class ControlClient
{
    public static async Task<ControlResponse> SendAsync(string socketPath, ControlRequest request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            var why = e.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "no such socket",
                SocketError.ConnectionRefused => "nothing is listening on it",
                SocketError.AccessDenied => "permission denied (run as root)",
                _ => e.Message,
            };
            if (!File.Exists(socketPath))
            {
                why = "no such socket";
            }
            throw new ControlException($"cannot reach evpnd at {socketPath}: {why}; is the daemon running? (--socket PATH selects another)");
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(request, ControlProtocol.Json);
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ControlException($"evpnd at {socketPath} closed the connection without an answer");
        }
        return JsonSerializer.Deserialize<ControlResponse>(text, ControlProtocol.Json)
            ?? throw new ControlException($"evpnd at {socketPath} sent an empty answer");
    }
}
