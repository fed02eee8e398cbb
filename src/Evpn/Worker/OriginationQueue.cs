using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Instances;

namespace Evpnd.Evpn.Worker;

/// <summary>The engine's originations and withdrawals, in order, until the worker sends them to the RIB.</summary>
internal sealed class OriginationQueue : IEvpnRouteOriginator
{
    private List<Origination> _items = [];
    private List<Origination> _spare = [];

    public int Count => _items.Count;

    public void Originate(ReadOnlyMemory<byte> nlri, ReadOnlyMemory<byte> nextHop, IReadOnlyList<PathAttribute> attributes) =>
        _items.Add(new Origination(nlri, nextHop, attributes));

    public void Withdraw(ReadOnlyMemory<byte> nlri) => _items.Add(new Origination(nlri, default, null));

    /// <summary>Sends what is queued, in order; the queue starts over (its list is reused).</summary>
    public async ValueTask SendAsync(ILocalRouteSink sink, CancellationToken cancellationToken)
    {
        if (_items.Count == 0)
        {
            return;
        }

        var items = _items;
        _items = _spare;
        foreach (var item in items)
        {
            if (item.Attributes is null)
            {
                await sink.WithdrawAsync(item.Nlri, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await sink.OriginateAsync(item.Nlri, item.NextHop, item.Attributes, cancellationToken).ConfigureAwait(false);
            }
        }

        items.Clear();
        _spare = items;
    }

    private readonly record struct Origination(ReadOnlyMemory<byte> Nlri, ReadOnlyMemory<byte> NextHop, IReadOnlyList<PathAttribute>? Attributes);
}
