using System.Threading.Channels;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>A stand-in RIB: records every call in order, copying UPDATE bytes as the contract asks.</summary>
internal sealed class RecordingSink : IBgpSessionSink
{
    public Channel<(string Kind, BgpPeerSession Session, object? Data)> Calls { get; } = Channel.CreateUnbounded<(string, BgpPeerSession, object?)>();

    public void PeerUp(BgpPeerSession session) => Calls.Writer.TryWrite(("up", session, null));

    public ValueTask UpdateReceivedAsync(BgpPeerSession session, ReadOnlyMemory<byte> update, UpdateValidation validation, CancellationToken cancellationToken)
    {
        Calls.Writer.TryWrite(("update", session, update.ToArray()));
        return ValueTask.CompletedTask;
    }

    public ValueTask RouteRefreshReceivedAsync(BgpPeerSession session, RouteRefreshMessage message, CancellationToken cancellationToken)
    {
        Calls.Writer.TryWrite(("refresh", session, message));
        return ValueTask.CompletedTask;
    }

    public void SendQueueDrained(BgpPeerSession session) => Calls.Writer.TryWrite(("drained", session, null));

    public void PeerDown(BgpPeerSession session, string reason) => Calls.Writer.TryWrite(("down", session, reason));

    public async Task<(string Kind, BgpPeerSession Session, object? Data)> NextAsync() =>
        await Calls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
}
