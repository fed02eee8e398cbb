using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Session;

/// <summary>
/// Accepts BGP connections on one endpoint (dual-stack when it is "::") and hands each to the
/// neighbor configured for the remote address. Connections from unknown addresses are closed
/// at once, before any BGP message: we have no OPEN to send them (FRR does the same).
/// </summary>
internal sealed class BgpListener : IDisposable
{
    private readonly Socket _socket;
    private readonly Func<IPAddress, BgpNeighbor?> _lookup;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();

    private BgpListener(Socket socket, Func<IPAddress, BgpNeighbor?> lookup, ILogger logger)
    {
        _socket = socket;
        _lookup = lookup;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds and starts accepting; throws <see cref="BgpListenException"/> when the bind fails.</summary>
    public static BgpListener Start(IPEndPoint endpoint, Func<IPAddress, BgpNeighbor?> lookup, ILogger logger)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
            socket.Bind(endpoint);
            socket.Listen(64);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new BgpListenException(BindFailure(endpoint, ex), ex);
        }
        var listener = new BgpListener(socket, lookup, logger);
        _ = Task.Run(listener.AcceptLoopAsync);
        return listener;
    }

    /// <summary>One sentence saying what went wrong and what to do about it.</summary>
    internal static string BindFailure(IPEndPoint endpoint, SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse =>
            $"cannot listen on {endpoint}: the port is in use by another process; stop it or set listen.port",
        SocketError.AccessDenied =>
            $"cannot listen on {endpoint}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE); run as root or set listen.port to 1024 or above",
        SocketError.AddressNotAvailable =>
            $"cannot listen on {endpoint}: the address is not assigned to any local interface; set listen.address to a local address or \"::\"",
        _ => $"cannot listen on {endpoint}: {ex.Message}",
    };

    /// <summary>IPv4 peers reach a dual-stack socket as ::ffff:a.b.c.d; neighbors are configured as a.b.c.d.</summary>
    internal static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogWarning("accept on {Endpoint} failed: {Error}", LocalEndPoint, ex.Message);
                continue;
            }
            var remote = client.RemoteEndPoint is IPEndPoint ep ? Normalize(ep.Address) : null;
            if (remote is not null && _lookup(remote) is { } neighbor)
            {
                neighbor.AcceptIncoming(client);
            }
            else
            {
                _logger.LogWarning("closed a connection from {Remote}: not a configured neighbor", remote);
                client.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
    }
}
