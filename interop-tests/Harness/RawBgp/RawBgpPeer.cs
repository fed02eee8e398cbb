using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Evpnd.Interop.Tests.Harness.RawBgp;

/// <summary>
/// A small BGP speaker of the tests' own, on a real socket in a lab namespace: it completes the
/// OPEN exchange, sends KEEPALIVEs on its own timer, writes pre-built UPDATEs as fast as TCP takes
/// them, and either reads everything it is sent (parsing the EVPN type-2 routes and keeping its own
/// hold-timer view of the session) or stops reading altogether, like a peer that hangs. It shares
/// no code with evpnd (its encoder is <see cref="RawBgpMessages"/>).
/// </summary>
public sealed class RawBgpPeer : IAsyncDisposable
{
    private const int WriteChunk = 64 * 1024;

    private readonly Socket _socket;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Dictionary<ulong, uint> _announced = new();
    private readonly byte[] _buffer = new byte[1 << 20];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _filled;
    private int _disposed;
    private Task? _reader;
    private Task? _keepalives;
    private TimeSpan _lastReceived;
    private TimeSpan _longestSilence;
    private long _endOfRouteRefresh;
    private long _endOfRib;

    // Released for every message read and once when reading ends: what WaitForAsync waits on.
    private readonly SemaphoreSlim _arrived = new(0);

    private RawBgpPeer(Socket socket, string name)
    {
        _socket = socket;
        Name = name;
    }

    public string Name { get; }

    /// <summary>The hold time both OPENs agreed on, once established.</summary>
    public int HoldTime { get; private set; }

    /// <summary>The NOTIFICATION the speaker sent, as "code/subcode", if one came.</summary>
    public string? NotificationReceived { get; private set; }

    /// <summary>The speaker closed the connection (or it broke) while we were reading.</summary>
    public bool Closed { get; private set; }

    /// <summary>The data of the NOTIFICATION received (after code and subcode), or null.</summary>
    public byte[]? NotificationData { get; private set; }

    public long UpdatesReceived { get; private set; }

    /// <summary>L2VPN/EVPN End-of-RIB markers received (RFC 4724 s2: the initial table is complete).</summary>
    public long EndOfRibReceived => Interlocked.Read(ref _endOfRib);

    /// <summary>End-of-Route-Refresh markers received (RFC 7313 s4: the answer to a ROUTE-REFRESH is complete).</summary>
    public long EndOfRouteRefreshReceived => Interlocked.Read(ref _endOfRouteRefresh);

    public long KeepalivesReceived { get; private set; }

    /// <summary>The longest time without a message from the speaker while reading (its KEEPALIVEs included).</summary>
    public TimeSpan LongestSilence
    {
        get
        {
            lock (_gate)
            {
                var now = Closed ? _lastReceived : _clock.Elapsed;
                return _longestSilence > now - _lastReceived ? _longestSilence : now - _lastReceived;
            }
        }
    }

    /// <summary>Our own hold timer (RFC 4271 s6.5) would have expired: the speaker was silent longer than the hold time.</summary>
    public bool HoldTimerWouldHaveExpired => HoldTime > 0 && LongestSilence > TimeSpan.FromSeconds(HoldTime);

    /// <summary>MACs the speaker announced to us and has not withdrawn.</summary>
    public int MacCount
    {
        get
        {
            lock (_gate)
            {
                return _announced.Count;
            }
        }
    }

    /// <summary>The MAC is announced to us; <paramref name="sequence"/> is its MAC mobility sequence (0 without).</summary>
    public bool HasMac(ulong mac, out uint sequence)
    {
        lock (_gate)
        {
            return _announced.TryGetValue(mac, out sequence);
        }
    }

    /// <summary>MACs whose sequence number is <paramref name="sequence"/>.</summary>
    public int CountMacsWithSequence(IEnumerable<ulong> macs, uint sequence)
    {
        lock (_gate)
        {
            return macs.Count(m => _announced.TryGetValue(m, out var s) && s == sequence);
        }
    }

    /// <summary>
    /// Connects from <paramref name="localAddress"/> in <paramref name="ns"/> to the speaker. A
    /// small <paramref name="receiveBuffer"/> makes the TCP window close sooner once we stop reading.
    /// </summary>
    public static async Task<RawBgpPeer> ConnectAsync(Netns ns, string name, string localAddress, string remoteAddress, int port = 179, int receiveBuffer = 0)
    {
        var local = IPAddress.Parse(localAddress);
        var socket = NetnsSocket.CreateTcp(ns, local.AddressFamily);
        try
        {
            socket.NoDelay = true;
            if (receiveBuffer > 0)
            {
                socket.ReceiveBufferSize = receiveBuffer;
            }
            socket.Bind(new IPEndPoint(local, 0));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(remoteAddress), port), timeout.Token);
            return new RawBgpPeer(socket, name);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// OPEN, KEEPALIVE both ways; then KEEPALIVEs every third of the hold time, and, when
    /// <paramref name="keepReading"/>, a reader of everything the speaker sends. Without it nothing
    /// is read again: the speaker's messages pile up in the kernel until the TCP window closes.
    /// </summary>
    public async Task EstablishAsync(uint asn, IPAddress routerId, ushort holdTime, bool keepReading, bool enhancedRouteRefresh = false, bool gracefulRestart = false)
    {
        await SendAsync(RawBgpMessages.OpenMessage(asn, routerId, holdTime, enhancedRouteRefresh, gracefulRestart));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var open = await ReadMessageAsync(timeout.Token) ?? throw new LabException($"{Name}: closed before the speaker's OPEN");
        if (open[18] != RawBgpMessages.Open)
        {
            throw new LabException($"{Name}: expected OPEN, got message type {open[18]}");
        }
        int theirs = BinaryPrimitives.ReadUInt16BigEndian(open.AsSpan(RawBgpMessages.HeaderLength + 3));
        HoldTime = Math.Min(theirs, holdTime);
        var keepalive = await ReadMessageAsync(timeout.Token) ?? throw new LabException($"{Name}: closed before the speaker's KEEPALIVE");
        if (keepalive[18] != RawBgpMessages.Keepalive)
        {
            throw new LabException($"{Name}: expected KEEPALIVE, got message type {keepalive[18]}");
        }
        await SendAsync(RawBgpMessages.KeepaliveMessage());
        lock (_gate)
        {
            _lastReceived = _clock.Elapsed;
        }
        if (HoldTime > 0)
        {
            _keepalives = SendKeepalivesAsync(TimeSpan.FromSeconds(HoldTime / 3.0));
        }
        if (keepReading)
        {
            _reader = ReadLoopAsync();
        }
    }

    public Task SendAsync(byte[] message) => SendAsync([message]);

    /// <summary>Writes the messages back to back as fast as TCP takes them; KEEPALIVEs slip in between 64 kB chunks.</summary>
    public async Task SendAsync(IReadOnlyList<byte[]> messages)
    {
        var chunk = new byte[WriteChunk];
        int filled = 0;
        foreach (var message in messages)
        {
            if (filled + message.Length > chunk.Length)
            {
                await WriteAsync(chunk.AsMemory(0, filled));
                filled = 0;
            }
            message.CopyTo(chunk, filled);
            filled += message.Length;
        }
        if (filled > 0)
        {
            await WriteAsync(chunk.AsMemory(0, filled));
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        await _writeLock.WaitAsync(_stop.Token);
        try
        {
            await _socket.SendAsync(bytes, SocketFlags.None, _stop.Token);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task SendKeepalivesAsync(TimeSpan interval)
    {
        var keepalive = RawBgpMessages.KeepaliveMessage();
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await WriteAsync(keepalive);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await ReadMessageAsync(_stop.Token) is { } message)
            {
                lock (_gate)
                {
                    var now = _clock.Elapsed;
                    if (now - _lastReceived > _longestSilence)
                    {
                        _longestSilence = now - _lastReceived;
                    }
                    _lastReceived = now;
                }
                switch (message[18])
                {
                    case RawBgpMessages.Keepalive:
                        KeepalivesReceived++;
                        break;
                    case RawBgpMessages.Update:
                        UpdatesReceived++;
                        ReadUpdate(message);
                        break;
                    case RawBgpMessages.Notification:
                        NotificationReceived = $"{message[19]}/{message[20]}";
                        NotificationData = message[21..];
                        break;
                    case RawBgpMessages.RouteRefresh when message.Length >= 23 && message[21] == 2:
                        Interlocked.Increment(ref _endOfRouteRefresh);
                        break;
                }
                _arrived.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        lock (_gate)
        {
            Closed = !_stop.IsCancellationRequested;
        }
        _arrived.Release();
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checking it after each message the reader
    /// takes in and when reading ends; false when <paramref name="timeout"/> passed first.
    /// </summary>
    public async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (!condition())
        {
            var left = deadline - _clock.Elapsed;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                return condition();
            }
        }
        return true;
    }

    /// <summary>The MACs of type-2 routes in MP_REACH_NLRI (with the MAC mobility sequence) and MP_UNREACH_NLRI.</summary>
    private void ReadUpdate(byte[] message)
    {
        var body = message.AsSpan(RawBgpMessages.HeaderLength);
        int withdrawn = BinaryPrimitives.ReadUInt16BigEndian(body);
        int total = BinaryPrimitives.ReadUInt16BigEndian(body[(2 + withdrawn)..]);
        var attributes = body.Slice(4 + withdrawn, total);
        if (withdrawn == 0 && body.Length == 4 + total && attributes.Length >= 6 && attributes[1] == 15 &&
            attributes.Length == ((attributes[0] & 0x10) != 0 ? 4 : 3) + 3)
        {
            // An empty MP_UNREACH_NLRI is all there is: End-of-RIB for its family.
            Interlocked.Increment(ref _endOfRib);
        }
        ReadOnlySpan<byte> reach = default;
        ReadOnlySpan<byte> unreach = default;
        uint sequence = 0;
        while (attributes.Length >= 3)
        {
            byte flags = attributes[0];
            byte type = attributes[1];
            bool extended = (flags & 0x10) != 0;
            int length = extended ? BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]) : attributes[2];
            int header = extended ? 4 : 3;
            var value = attributes.Slice(header, length);
            switch (type)
            {
                case 14:
                    reach = value[(5 + value[3])..];
                    break;
                case 15:
                    unreach = value[3..];
                    break;
                case 16:
                    for (var c = value; c.Length >= 8; c = c[8..])
                    {
                        if (c[0] == 0x06 && c[1] == 0x00)
                        {
                            sequence = BinaryPrimitives.ReadUInt32BigEndian(c[4..]);
                        }
                    }
                    break;
            }
            attributes = attributes[(header + length)..];
        }
        lock (_gate)
        {
            foreach (var mac in Macs(unreach))
            {
                _announced.Remove(mac);
            }
            foreach (var mac in Macs(reach))
            {
                _announced[mac] = sequence;
            }
        }
    }

    private static List<ulong> Macs(ReadOnlySpan<byte> nlri)
    {
        var macs = new List<ulong>();
        while (nlri.Length >= 2 && nlri.Length >= 2 + nlri[1])
        {
            if (nlri[0] == 2 && nlri[1] >= 33)
            {
                ulong mac = 0;
                for (int i = 0; i < 6; i++)
                {
                    mac = (mac << 8) | nlri[2 + 23 + i];
                }
                macs.Add(mac);
            }
            nlri = nlri[(2 + nlri[1])..];
        }
        return macs;
    }

    /// <summary>The next whole message, or null when the connection closed.</summary>
    private async Task<byte[]?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_filled >= RawBgpMessages.HeaderLength)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(16));
                if (length < RawBgpMessages.HeaderLength)
                {
                    throw new LabException($"{Name}: the speaker sent a message of length {length}");
                }
                if (_filled >= length)
                {
                    var message = _buffer.AsSpan(0, length).ToArray();
                    Buffer.BlockCopy(_buffer, length, _buffer, 0, _filled - length);
                    _filled -= length;
                    return message;
                }
            }
            int read = await _socket.ReceiveAsync(_buffer.AsMemory(_filled), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return null;
            }
            _filled += read;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stop.CancelAsync();
        _socket.Dispose();
        foreach (var task in new[] { _reader, _keepalives })
        {
            if (task is not null)
            {
                await task;
            }
        }
        _stop.Dispose();
    }
}
