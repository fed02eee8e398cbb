using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// One TCP connection to a peer: owns the socket, its <see cref="PipeReader"/> and
/// <see cref="PipeWriter"/>, a read loop that frames messages and hands them to the neighbor,
/// and a write loop that drains the send queue. Knows nothing of the FSM.
/// </summary>
/// <remarks>
/// The send queue takes the RIB's buffers of packed UPDATEs without ever making the RIB wait:
/// it counts their bytes, and above <see cref="SendQueueHighWater"/> the window is closed (XOFF);
/// the RIB then asks for one drained signal, which the write loop gives once a flush brought
/// the queue below <see cref="SendQueueLowWater"/> (XON). The connection also tells the driver
/// whether its reads are paused by our own back-pressure and since when a write has not
/// completed, for the hold and send hold timers.
/// </remarks>
internal sealed class BgpConnection
{
    /// <summary>Bytes of UPDATEs queued before the window closes: a few hundred kB, enough to keep a fast peer busy between two RIB turns.</summary>
    public const int SendQueueHighWater = 256 * 1024;

    /// <summary>The queue must drain below this before the RIB is told (hysteresis: one signal per 128 kB, not per message).</summary>
    public const int SendQueueLowWater = 128 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly Channel<OutboundItem> _outbound;
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IConnectionHandler _handler;
    private readonly TimeProvider _time;
    private byte[]? _scratch;
    private volatile int _maxMessageLength = BgpHeader.MaxMessageLength;
    private int _closing;
    private long _queuedUpdateBytes;
    private int _drainRequested;
    private volatile bool _readPaused;
    private long _writeWaitingSince;
    private BgpPeerSession? _session;

    public BgpConnection(Socket socket, ConnectionDirection direction, IConnectionHandler handler, TimeProvider? time = null)
    {
        _socket = socket;
        _socket.NoDelay = true;
        Direction = direction;
        _handler = handler;
        _time = time ?? TimeProvider.System;
        LocalEndPoint = socket.LocalEndPoint as IPEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint;
        // The reader and the writer share one stream: neither may dispose it when it completes
        // (the read loop ends before the writer has flushed a final NOTIFICATION).
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 65536, minimumReadSize: 4096, leaveOpen: true));
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _outbound = Channel.CreateUnbounded<OutboundItem>(new UnboundedChannelOptions { SingleReader = true });
    }

    public ConnectionDirection Direction { get; }

    /// <summary>
    /// The Established session on this connection, set and cleared under the neighbor lock and
    /// read without it by the read path (to check an UPDATE before taking the lock).
    /// </summary>
    public BgpPeerSession? Session
    {
        get => Volatile.Read(ref _session);
        set => Volatile.Write(ref _session, value);
    }

    public IPEndPoint? LocalEndPoint { get; }

    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>4096 until both sides negotiated RFC 8654 Extended Message, then 65535.</summary>
    public int MaxMessageLength
    {
        get => _maxMessageLength;
        set => _maxMessageLength = value;
    }

    /// <summary>Completes when the socket is closed and the writer has stopped.</summary>
    public Task Completion => _writerDone.Task;

    public void Start()
    {
        // Off the caller's thread: Start runs under the neighbor lock.
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues a message; never blocks (the FSM calls this under the neighbor lock).</summary>
    public void Send(BgpMessage message) => _outbound.Writer.TryWrite(new OutboundItem(message));

    /// <summary>Queues raw message bytes we generated ourselves (End-of-RIB when no RIB is attached).</summary>
    public void SendRaw(ReadOnlySpan<byte> message)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(message.Length);
        message.CopyTo(buffer);
        if (!_outbound.Writer.TryWrite(new OutboundItem(buffer, message.Length, counted: false)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The send queue is below its high-water mark and the connection open.</summary>
    public bool SendWindowOpen => Volatile.Read(ref _queuedUpdateBytes) < SendQueueHighWater && Volatile.Read(ref _closing) == 0;

    /// <summary>Bytes of the RIB's UPDATEs queued and not yet written to the socket.</summary>
    public long QueuedUpdateBytes => Volatile.Read(ref _queuedUpdateBytes);

    /// <summary>
    /// Queues a buffer of complete messages from the RIB (rented from the shared pool; the write
    /// loop returns it). Never waits: the RIB checks <see cref="SendWindowOpen"/> first. False
    /// when the connection is closing.
    /// </summary>
    public bool SendUpdates(byte[] buffer, int length)
    {
        if (Volatile.Read(ref _closing) == 0)
        {
            Interlocked.Add(ref _queuedUpdateBytes, length);
            if (_outbound.Writer.TryWrite(new OutboundItem(buffer, length, counted: true)))
            {
                return true;
            }
            Interlocked.Add(ref _queuedUpdateBytes, -length);
        }
        ArrayPool<byte>.Shared.Return(buffer);
        return false;
    }

    /// <summary>
    /// XOFF: asks the write loop for one <see cref="IConnectionHandler.OnSendQueueDrained"/> once
    /// the queue is below the low-water mark. Returns false when it is already (or the connection
    /// is closing): the caller goes on and no signal comes.
    /// </summary>
    public bool RequestDrainedSignal()
    {
        Interlocked.Exchange(ref _drainRequested, 1);
        // The write loop may have drained the queue before it could see the request.
        if ((Volatile.Read(ref _queuedUpdateBytes) < SendQueueLowWater || Volatile.Read(ref _closing) != 0) &&
            Interlocked.Exchange(ref _drainRequested, 0) == 1)
        {
            return false;
        }
        return true;
    }

    /// <summary>
    /// The read loop waits for the RIB to take a message (our own back-pressure): nothing is read
    /// from the socket meanwhile, so the hold timer must not count it against the peer.
    /// </summary>
    public bool ReadPausedByUs => _readPaused;

    /// <summary>A write is waiting for the socket to take its bytes.</summary>
    public bool IsWriteBlocked => Volatile.Read(ref _writeWaitingSince) != 0;

    /// <summary>
    /// How long the current write has been waiting for the socket to take it (RFC 9687: no
    /// progress sending), zero when the write loop is not waiting on a write.
    /// </summary>
    public TimeSpan WriteBlockedFor
    {
        get
        {
            long since = Volatile.Read(ref _writeWaitingSince);
            return since == 0 ? TimeSpan.Zero : _time.GetElapsedTime(since);
        }
    }

    /// <summary>
    /// Sends what is queued, then closes the socket. Idempotent. A peer that stopped reading
    /// (the usual reason for a hold timer expiry) would block the flush forever, so the
    /// connection is torn down after <see cref="CloseTimeout"/> regardless.
    /// </summary>
    public void CloseAfterFlush()
    {
        if (Interlocked.Exchange(ref _closing, 1) == 0)
        {
            _outbound.Writer.TryWrite(OutboundItem.Close);
            _outbound.Writer.TryComplete();
            try
            {
                _closed.CancelAfter(CloseTimeout);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>How long a closing connection may take to flush its last messages.</summary>
    public static TimeSpan CloseTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Closes without flushing (speaker shutdown after the grace period).</summary>
    public void Abort()
    {
        CloseAfterFlush();
        _closed.Cancel();
        _reader.CancelPendingRead();
        try
        {
            _socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ReadLoopAsync()
    {
        string reason = "connection closed by peer";
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_closed.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumed = buffer.Start;
                var examined = buffer.End;
                try
                {
                    // Parse every complete message before asking for more bytes.
                    while (BgpMessageCodec.TryReadFrame(ref buffer, _maxMessageLength, out var frame, out var type))
                    {
                        consumed = buffer.Start;
                        var handled = _handler.OnMessageAsync(this, type, Contiguous(frame), _closed.Token);
                        if (!handled.IsCompleted)
                        {
                            // The RIB's inbox for this peer is full: reading stops until it has room.
                            _readPaused = true;
                            try
                            {
                                await handled.ConfigureAwait(false);
                            }
                            finally
                            {
                                _readPaused = false;
                            }
                        }
                        if (!handled.Result)
                        {
                            return;
                        }
                    }
                    if (result.IsCanceled || result.IsCompleted)
                    {
                        break;
                    }
                }
                catch (BgpProtocolException ex)
                {
                    _handler.OnProtocolError(this, ex);
                    return;
                }
                finally
                {
                    _reader.AdvanceTo(consumed, examined);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            reason = Describe(ex);
        }
        catch (Exception ex)
        {
            // A bug (or a RIB that threw) must not leave a connection that nobody reads.
            _handler.OnInternalError(this, ex);
            reason = $"internal error: {ex.Message}";
        }
        finally
        {
            ReturnScratch();
            await _reader.CompleteAsync().ConfigureAwait(false);
        }
        _handler.OnConnectionLost(this, reason);
    }

    /// <summary>A frame as one contiguous block; a frame split across pipe segments is copied into a per-connection scratch buffer.</summary>
    private ReadOnlyMemory<byte> Contiguous(ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            return frame.First;
        }
        _scratch ??= ArrayPool<byte>.Shared.Rent(BgpHeader.MaxExtendedMessageLength);
        frame.CopyTo(_scratch);
        return _scratch.AsMemory(0, (int)frame.Length);
    }

    private void ReturnScratch()
    {
        // The scratch buffer is reused only by this read loop; once it ends nobody reads it.
        var scratch = Interlocked.Exchange(ref _scratch, null);
        if (scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                long counted = 0;
                while (reader.TryRead(out var item))
                {
                    if (item.IsClose)
                    {
                        await FlushAsync().ConfigureAwait(false);
                        return;
                    }
                    if (item.Message is { } message)
                    {
                        BgpMessageCodec.Write(message, _writer);
                        _handler.OnMessageSent(this, message.Type);
                    }
                    else if (item.Pooled is { } pooled)
                    {
                        var messages = pooled.AsSpan(0, item.Length);
                        _writer.Write(messages);
                        CountSent(messages);
                        ArrayPool<byte>.Shared.Return(pooled);
                        if (item.Counted)
                        {
                            counted += item.Length;
                        }
                    }
                }
                var flush = await FlushAsync().ConfigureAwait(false);
                if (counted > 0)
                {
                    Drained(Interlocked.Add(ref _queuedUpdateBytes, -counted));
                }
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // Shutdown below cancels the read loop, which then reports nothing: report it here.
            _handler.OnConnectionLost(this, Describe(ex));
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
        {
            // Closed on purpose (Abort, or the close timeout): the neighbor already let go of it.
        }
        catch (Exception ex)
        {
            // An encoding bug must not leave the connection half-alive: report it and close.
            _handler.OnInternalError(this, ex);
        }
        finally
        {
            Volatile.Write(ref _writeWaitingSince, 0);
            Shutdown();
            while (reader.TryRead(out var left))
            {
                if (left.Pooled is { } pooled)
                {
                    ArrayPool<byte>.Shared.Return(pooled);
                }
            }
            Volatile.Write(ref _queuedUpdateBytes, 0);
            // A RIB waiting for room learns at once that none will come (its PeerDown follows).
            Drained(0);
            await _writer.CompleteAsync().ConfigureAwait(false);
            _writerDone.TrySetResult();
        }
    }

    /// <summary>A flush, timed for the send hold timer: it runs from the moment the socket stops taking bytes.</summary>
    private async ValueTask<FlushResult> FlushAsync()
    {
        var flush = _writer.FlushAsync(_closed.Token);
        if (flush.IsCompleted)
        {
            return flush.Result;
        }
        Volatile.Write(ref _writeWaitingSince, Math.Max(1, _time.GetTimestamp()));
        try
        {
            return await flush.ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _writeWaitingSince, 0);
        }
    }

    /// <summary>XON: the RIB asked to hear when the queue drained, and it has.</summary>
    private void Drained(long left)
    {
        if (left < SendQueueLowWater && Volatile.Read(ref _drainRequested) == 1 && Interlocked.Exchange(ref _drainRequested, 0) == 1)
        {
            _handler.OnSendQueueDrained(this);
        }
    }

    /// <summary>Counts the messages of a buffer by type (each header says its length and type).</summary>
    private void CountSent(ReadOnlySpan<byte> messages)
    {
        while (messages.Length >= BgpHeader.Length)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(messages[16..]);
            _handler.OnMessageSent(this, (BgpMessageType)messages[18]);
            if (length < BgpHeader.Length || length > messages.Length)
            {
                return;
            }
            messages = messages[length..];
        }
    }

    private void Shutdown()
    {
        Interlocked.Exchange(ref _closing, 1);
        _outbound.Writer.TryComplete();
        _closed.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        _socket.Close();
        _stream.Dispose();
        _reader.CancelPendingRead();
    }

    internal static string Describe(Exception ex) => ex switch
    {
        SocketException s => s.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.ConnectionReset => "connection reset by peer",
            SocketError.TimedOut => "connection timed out",
            SocketError.HostUnreachable => "host unreachable",
            SocketError.NetworkUnreachable => "network unreachable",
            SocketError.AddressNotAvailable => "local address not available",
            _ => s.Message,
        },
        IOException { InnerException: SocketException inner } => Describe(inner),
        _ => ex.Message,
    };
}
