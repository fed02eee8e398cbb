using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Evpnd.Bench.E2e;

/// <summary>
/// The benchmark's BGP speaker (its own code, no evpnd): connects from the injector's namespace,
/// sends OPEN, waits for the DUT's OPEN and KEEPALIVE, answers with KEEPALIVE, then writes
/// pre-built UPDATE bytes as fast as TCP takes them. A reader thread reads (and discards) what
/// the DUT sends, noting its OPEN, KEEPALIVEs, NOTIFICATIONs and the type-3 route it originates
/// for its VNI; a timer thread sends a KEEPALIVE every <see cref="KeepaliveInterval"/> between
/// writes.
/// </summary>
internal sealed class BgpInjector : IDisposable
{
    public const int HoldTime = 90;
    private static readonly TimeSpan KeepaliveInterval = TimeSpan.FromSeconds(10);
    private static readonly byte[] s_keepalive = BgpEncoder.Keepalive();

    private readonly Socket _socket;
    private readonly object _writeGate = new();
    private readonly ManualResetEventSlim _openReceived = new();
    private readonly ManualResetEventSlim _keepaliveReceived = new();
    private readonly ManualResetEventSlim _dutVniAdvertised = new();
    private readonly ManualResetEventSlim _closed = new();
    private readonly CancellationTokenSource _stop = new();
    private Thread? _keepaliveThread;
    private volatile bool _closing;

    private BgpInjector(Socket socket)
    {
        _socket = socket;
        var reader = new Thread(ReadLoop) { IsBackground = true, Name = "injector reader" };
        reader.Start();
    }

    /// <summary>The DUT's last NOTIFICATION ("code/subcode"), or why the connection ended.</summary>
    public string? PeerError { get; private set; }

    public long UpdatesReceived { get; private set; }

    /// <summary>
    /// Connects to the DUT from the injector namespace and brings the session up, retrying (as a
    /// BGP peer's ConnectRetry would, but every 100 ms) while the DUT does not listen yet or closes
    /// the connection before its OPEN. <paramref name="refused"/> counts the connections it closed.
    /// </summary>
    public static BgpInjector Open(string injectorNamespace, string dutAddress, DateTime deadline, Func<string> whyNot, out int refused)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(dutAddress), 179);
        var last = "no attempt";
        refused = 0;
        while (DateTime.UtcNow < deadline)
        {
            var socket = NamespaceThread.Run(injectorNamespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            try
            {
                socket.NoDelay = true;
                socket.Connect(endpoint);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e.Message;
                Thread.Sleep(100);
                continue;
            }

            var injector = new BgpInjector(socket);
            try
            {
                injector.Establish(deadline, whyNot);
                return injector;
            }
            catch (InvalidOperationException) when (!injector._openReceived.IsSet)
            {
                injector.Dispose();
                refused++;
                last = $"connection closed before the DUT's OPEN ({injector.PeerError})";
                Thread.Sleep(100);
            }
            catch
            {
                injector.Dispose();
                throw;
            }
        }

        throw new TimeoutException($"the DUT never brought up a BGP session on {endpoint} (last: {last}); {whyNot()}");
    }

    /// <summary>OPEN, then the DUT's OPEN and KEEPALIVE (RFC 4271 s8.2.2 OpenSent, OpenConfirm), then our KEEPALIVE.</summary>
    private void Establish(DateTime deadline, Func<string> whyNot)
    {
        Write(BgpEncoder.Open(E2eAddresses.Asn, HoldTime, E2eAddresses.InjectorRouterId));
        Wait(_openReceived, deadline, "never sent its OPEN", whyNot);
        Write(s_keepalive);
        Wait(_keepaliveReceived, deadline, "never reached Established (no KEEPALIVE after its OPEN)", whyNot);
        _keepaliveThread = new Thread(KeepaliveLoop) { IsBackground = true, Name = "injector keepalive" };
        _keepaliveThread.Start();
    }

    /// <summary>
    /// Waits for the DUT's own type-3 route: it advertises one once its VNI is up, so routes sent
    /// after it find the VNI (both evpnd and FRR import into known VNIs only).
    /// </summary>
    public void WaitForDutVni(DateTime deadline, Func<string> whyNot) =>
        Wait(_dutVniAdvertised, deadline, $"never advertised its type-3 route for VNI {E2eAddresses.Vni} (VNI not up?)", whyNot);

    /// <summary>Writes the whole stream; returns the timestamp just before its first byte was handed to TCP.</summary>
    public long WriteStream(UpdateStream stream)
    {
        var start = 0;
        var first = 0L;
        foreach (var end in stream.ChunkEnds)
        {
            lock (_writeGate)
            {
                if (first == 0)
                {
                    first = Stopwatch.GetTimestamp();
                }

                SendAll(stream.Bytes.AsSpan(start, end - start));
            }

            start = end;
        }

        return first;
    }

    /// <summary>Writes one message; returns the timestamp just before it was handed to TCP.</summary>
    public long Write(byte[] message)
    {
        lock (_writeGate)
        {
            var now = Stopwatch.GetTimestamp();
            SendAll(message);
            return now;
        }
    }

    /// <summary>Throws when the DUT closed the session or sent a NOTIFICATION.</summary>
    public void ThrowIfDown(Func<string> whyNot)
    {
        if (_closed.IsSet)
        {
            throw new InvalidOperationException($"the DUT ended the BGP session: {PeerError}; {whyNot()}");
        }
    }

    /// <summary>Session loss as a peer's crash looks to the DUT: the socket closes, no NOTIFICATION.</summary>
    public void Close()
    {
        _closing = true;
        _stop.Cancel();
        lock (_writeGate)
        {
            _socket.Close();
        }
    }

    public void Dispose()
    {
        if (!_closing)
        {
            Close();
        }

        _keepaliveThread?.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }

    private void SendAll(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[_socket.Send(bytes)..];
        }
    }

    private void Wait(ManualResetEventSlim signal, DateTime deadline, string what, Func<string> whyNot)
    {
        while (!signal.Wait(TimeSpan.FromMilliseconds(100)))
        {
            ThrowIfDown(whyNot);
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"the DUT {what}; {whyNot()}");
            }
        }
    }

    private void KeepaliveLoop()
    {
        try
        {
            while (!_stop.Token.WaitHandle.WaitOne(KeepaliveInterval))
            {
                Write(s_keepalive);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed under us: the reader reports why.
        }
    }

    private void ReadLoop()
    {
        var buffer = new byte[1 << 20];
        var filled = 0;
        try
        {
            while (true)
            {
                var received = _socket.Receive(buffer.AsSpan(filled));
                if (received == 0)
                {
                    PeerError ??= "connection closed by the DUT";
                    break;
                }

                filled += received;
                var offset = 0;
                while (filled - offset >= BgpEncoder.HeaderLength)
                {
                    var length = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(offset + 16));
                    if (length < BgpEncoder.HeaderLength || length > 65535)
                    {
                        PeerError = $"bad message length {length} from the DUT";
                        return;
                    }

                    if (filled - offset < length)
                    {
                        break;
                    }

                    OnMessage(buffer.AsSpan(offset, length));
                    offset += length;
                }

                buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                filled -= offset;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (!_closing)
            {
                PeerError ??= e.Message;
            }
        }
        finally
        {
            _closed.Set();
        }
    }

    private void OnMessage(ReadOnlySpan<byte> message)
    {
        switch (message[18])
        {
            case 1:
                _openReceived.Set();
                break;
            case 2:
                UpdatesReceived++;
                if (CarriesInclusiveMulticast(message[BgpEncoder.HeaderLength..]))
                {
                    _dutVniAdvertised.Set();
                }

                break;
            case 3:
                PeerError = $"NOTIFICATION {message[19]}/{message[20]} from the DUT";
                break;
            case 4:
                _keepaliveReceived.Set();
                break;
        }
    }

    /// <summary>Whether an UPDATE's MP_REACH_NLRI (RFC 4760 s3) for 25/70 holds a type-3 route.</summary>
    private static bool CarriesInclusiveMulticast(ReadOnlySpan<byte> body)
    {
        var withdrawn = BinaryPrimitives.ReadUInt16BigEndian(body);
        var attributes = body.Slice(4 + withdrawn, BinaryPrimitives.ReadUInt16BigEndian(body[(2 + withdrawn)..]));
        while (attributes.Length >= 3)
        {
            var extended = (attributes[0] & 0x10) != 0;
            var type = attributes[1];
            var length = extended ? BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]) : attributes[2];
            var value = attributes.Slice(extended ? 4 : 3, length);
            attributes = attributes[((extended ? 4 : 3) + length)..];
            if (type != 14 || BinaryPrimitives.ReadUInt16BigEndian(value) != 25 || value[2] != 70)
            {
                continue;
            }

            var nlri = value[(4 + value[3] + 1)..];
            while (nlri.Length >= 2)
            {
                if (nlri[0] == 3)
                {
                    return true;
                }

                nlri = nlri[(2 + nlri[1])..];
            }
        }

        return false;
    }
}
