using System.Threading.Channels;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// The inbox of the EVPN worker's originations and the CLI's queries: bounded by count, so an
/// originator that outruns the RIB waits (it is the only one that does, and never on a peer).
/// </summary>
internal sealed class LocalInbox : RibInbox
{
    private readonly Channel<RibLocalRequest> _channel;

    public LocalInbox(ChannelWriter<RibInbox> ready, int capacity)
        : base(ready)
    {
        _channel = Channel.CreateBounded<RibLocalRequest>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public override bool HasWork => _channel.Reader.Count > 0;

    public ValueTask PostAsync(RibLocalRequest request, CancellationToken cancellationToken)
    {
        if (_channel.Writer.TryWrite(request))
        {
            Schedule();
            return default;
        }
        return PostSlowAsync(request, cancellationToken);
    }

    private async ValueTask PostSlowAsync(RibLocalRequest request, CancellationToken cancellationToken)
    {
        await _channel.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        Schedule();
    }

    public bool TryTake(out RibLocalRequest request) => _channel.Reader.TryRead(out request!);

    /// <summary>The worker stopped: later posts fail, queries still queued are cancelled by the caller.</summary>
    public void Close() => _channel.Writer.TryComplete();
}
