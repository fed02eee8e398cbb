using System.Buffers;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>A hand-driven BGP peer over a real socket: sends exactly what a test says, reads what comes back.</summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[1 << 17];
    private int _filled;

    public RawPeer(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
    }

    public static async Task<RawPeer> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint);
        return new RawPeer(socket);
    }

    public static OpenMessage Open(uint asn, uint id, ushort hold = 90) => new(
        asn > ushort.MaxValue ? OpenMessage.AsTrans : (ushort)asn,
        hold,
        id,
        ImmutableArray.Create<Capability>(new MultiprotocolCapability(AfiSafi.L2vpnEvpn), RouteRefreshCapability.Instance, new FourOctetAsCapability(asn)));

    public async Task SendAsync(BgpMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        BgpMessageCodec.Write(message, writer);
        await _socket.SendAsync(writer.WrittenMemory);
    }

    public async Task SendRawAsync(byte[] bytes) => await _socket.SendAsync(bytes);

    /// <summary>The next message (UPDATEs as their type only), or null when the peer closed the connection.</summary>
    public async Task<(BgpMessageType Type, BgpMessage? Message)?> ReadAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_buffer, 0, _filled);
            if (BgpMessageCodec.TryReadFrame(ref sequence, BgpHeader.MaxExtendedMessageLength, out var frame, out var type))
            {
                var bytes = frame.ToArray();
                var length = bytes.Length;
                Buffer.BlockCopy(_buffer, length, _buffer, 0, _filled - length);
                _filled -= length;
                return (type, type == BgpMessageType.Update ? null : BgpMessageCodec.Decode(bytes));
            }
            int read;
            try
            {
                read = await _socket.ReceiveAsync(_buffer.AsMemory(_filled), cts.Token);
            }
            catch (SocketException)
            {
                return null;
            }
            if (read == 0)
            {
                return null;
            }
            _filled += read;
        }
    }

    /// <summary>Reads until a message of <paramref name="type"/> arrives; fails on close or deadline.</summary>
    public async Task<BgpMessage?> ExpectAsync(BgpMessageType type, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                Assert.Fail($"no {type} within {timeout}");
            }
            var next = await ReadAsync(remaining);
            if (next is null)
            {
                Assert.Fail($"connection closed while waiting for {type}");
            }
            if (next!.Value.Type == type)
            {
                return next.Value.Message;
            }
        }
    }

    /// <summary>Reads until the speaker closes the connection; returns the NOTIFICATION it sent before, if any.</summary>
    public async Task<NotificationMessage?> ReadUntilClosedAsync(TimeSpan timeout)
    {
        NotificationMessage? last = null;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var next = await ReadAsync(deadline - DateTime.UtcNow);
            if (next is null)
            {
                return last;
            }
            if (next.Value.Message is NotificationMessage n)
            {
                last = n;
            }
        }
        Assert.Fail($"connection still open after {timeout}");
        return null;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
