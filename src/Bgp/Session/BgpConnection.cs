using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// One TCP connection to a peer: owns the socket, its <see cref="PipeReader"/> and
/// <see cref="PipeWriter"/>, a read loop that frames messages and hands them to the neighbor,
/// and a write loop that drains the send queue. Knows nothing of the FSM.
/// </summary>
internal sealed class BgpConnection
{
    /// <summary>How many RIB UPDATEs may wait in the send queue before senders wait.</summary>
    private const int UpdateCredits = 256;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly Channel<OutboundItem> _outbound;
    private readonly SemaphoreSlim _credits = new(UpdateCredits, UpdateCredits);
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IConnectionHandler _handler;
    private byte[]? _scratch;
    private volatile int _maxMessageLength = BgpHeader.MaxMessageLength;
    private int _closing;

    public BgpConnection(Socket socket, ConnectionDirection direction, IConnectionHandler handler)
    {
        _socket = socket;
        _socket.NoDelay = true;
        Direction = direction;
        _handler = handler;
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
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues a message; never blocks (the FSM calls this under the neighbor lock).</summary>
    public void Send(BgpMessage message) => _outbound.Writer.TryWrite(new OutboundItem(message));

    /// <summary>Queues raw message bytes we generated ourselves (End-of-RIB); not subject to credits.</summary>
    public void SendRaw(ReadOnlySpan<byte> message)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(message.Length);
        message.CopyTo(buffer);
        if (!_outbound.Writer.TryWrite(new OutboundItem(buffer, message.Length, credited: false)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Queues a RIB UPDATE with back-pressure: waits for one of the send credits.</summary>
    public async ValueTask<bool> EnqueueRawAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (_closed.IsCancellationRequested)
        {
            return false;
        }
        if (!_credits.Wait(0))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            try
            {
                await _credits.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
        var buffer = ArrayPool<byte>.Shared.Rent(message.Length);
        message.Span.CopyTo(buffer);
        if (!_outbound.Writer.TryWrite(new OutboundItem(buffer, message.Length, credited: true)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _credits.Release();
            return false;
        }
        return true;
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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadLoopAsync()
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
                        if (!await _handler.OnMessageAsync(this, type, Contiguous(frame), _closed.Token).ConfigureAwait(false))
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
                while (reader.TryRead(out var item))
                {
                    if (item.IsClose)
                    {
                        await _writer.FlushAsync(_closed.Token).ConfigureAwait(false);
                        return;
                    }
                    if (item.Message is { } message)
                    {
                        BgpMessageCodec.Write(message, _writer);
                        _handler.OnMessageSent(this, message.Type);
                    }
                    else if (item.Pooled is { } pooled)
                    {
                        _writer.Write(pooled.AsSpan(0, item.Length));
                        ArrayPool<byte>.Shared.Return(pooled);
                        if (item.Credited)
                        {
                            _credits.Release();
                        }
                        _handler.OnMessageSent(this, (BgpMessageType)pooled[18]);
                    }
                }
                var flush = await _writer.FlushAsync(_closed.Token).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The read loop reports the broken connection.
        }
        catch (Exception ex)
        {
            // An encoding bug must not leave the connection half-alive: report it and close.
            _handler.OnWriteFailed(this, ex);
        }
        finally
        {
            Shutdown();
            while (reader.TryRead(out var left))
            {
                if (left.Pooled is { } pooled)
                {
                    ArrayPool<byte>.Shared.Return(pooled);
                }
            }
            await _writer.CompleteAsync().ConfigureAwait(false);
            _writerDone.TrySetResult();
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
