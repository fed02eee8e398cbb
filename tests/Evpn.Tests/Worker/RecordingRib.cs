using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Tests.Instances;
using Evpnd.Evpn.Worker;

namespace Evpnd.Evpn.Tests.Worker;

/// <summary>The RIB's local-route input as the worker sees it: what it originates, readable from the test's thread.</summary>
internal sealed class RecordingRib : ILocalRouteSink
{
    private readonly RecordingOriginator _routes = new();
    private int _localRoutesCompleted;

    public ValueTask OriginateAsync(ReadOnlyMemory<byte> nlri, ReadOnlyMemory<byte> nextHop, IReadOnlyList<PathAttribute> attributes, CancellationToken cancellationToken)
    {
        lock (_routes)
        {
            _routes.Originate(nlri, nextHop, attributes);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask WithdrawAsync(ReadOnlyMemory<byte> nlri, CancellationToken cancellationToken)
    {
        lock (_routes)
        {
            _routes.Withdraw(nlri);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>How many times the worker said its start-up originations are complete.</summary>
    public int LocalRoutesCompleted => Volatile.Read(ref _localRoutesCompleted);

    public void LocalRoutesComplete() => Interlocked.Increment(ref _localRoutesCompleted);

    /// <summary>Runs <paramref name="read"/> on the routes originated so far.</summary>
    public T Read<T>(Func<RecordingOriginator, T> read)
    {
        lock (_routes)
        {
            return read(_routes);
        }
    }
}
