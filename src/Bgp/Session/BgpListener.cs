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

    /// <summary>
    /// Binds and starts accepting; throws <see cref="BgpListenException"/> when the bind fails.
    /// The listener holds every configured peer's TCP-MD5 key (the kernel drops a SYN from that
    /// address without the right signature, and the accepted socket inherits the key); when a
    /// peer has GTSM, it answers with TTL 255 and keeps each SYN, whose TTL is checked per peer
    /// before anything is sent.
    /// </summary>
    public static BgpListener Start(IPEndPoint endpoint, IReadOnlyList<PeerConfig> peers, Func<IPAddress, BgpNeighbor?> lookup, ILogger logger)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
            socket.Bind(endpoint);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new BgpListenException(BindFailure(endpoint, ex), ex);
        }
        try
        {
            foreach (var peer in peers)
            {
                bool reachable = socket.AddressFamily == AddressFamily.InterNetworkV6 || peer.Address.AddressFamily == AddressFamily.InterNetwork;
                if (peer.Password is { } password && reachable)
                {
                    SessionSocket.SetMd5Key(socket, peer.Address, password);
                }
            }
            if (peers.Any(p => p.TtlSecurityHops is not null))
            {
                SessionSocket.SetGtsm(socket, hops: null);
                SessionSocket.SaveSyn(socket);
            }
            socket.Listen(64);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new BgpListenException($"cannot listen on {endpoint}: {ex.Message}", ex);
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
                if (neighbor.Config.TtlSecurityHops is { } hops && !PassesGtsm(client, remote, hops, neighbor))
                {
                    client.Dispose();
                    continue;
                }
                neighbor.AcceptIncoming(client);
            }
            else
            {
                _logger.LogWarning("closed a connection from {Remote}: not a configured neighbor", remote);
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// RFC 5082 s3: a peer at most <paramref name="hops"/> away sends with TTL 255 and arrives with
    /// at least 256 - hops. The SYN's TTL decides before our OPEN leaves; IP_MINTTL then drops
    /// every later segment that arrives from further away.
    /// </summary>
    private bool PassesGtsm(Socket client, IPAddress remote, byte hops, BgpNeighbor neighbor)
    {
        int minimum = SessionSocket.MinimumTtl(hops);
        if (SessionSocket.SynTtl(client) is { } ttl && ttl < minimum)
        {
            neighbor.GtsmRefused(ttl, minimum);
            return false;
        }
        try
        {
            SessionSocket.SetGtsm(client, hops);
            return true;
        }
        catch (SocketException ex)
        {
            _logger.LogWarning("closed a connection from {Remote}: cannot set ttl-security on it: {Error}", remote, ex.Message);
            return false;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
    }
}
