using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// limits.remote-macs: at most <see cref="Limit"/> remote MACs reach the kernel, over all VNIs.
/// It stands between the engine and the dataplane sink and sees every remote MAC intent: a MAC
/// already installed is replaced as usual; a new one past the limit is held back and counted;
/// when an installed one goes, the oldest held-back one takes its place. Everything else passes.
/// Only there when a limit is configured: without one the engine writes to the sink directly.
/// </summary>
internal sealed class RemoteMacLimiter : IDataplaneIntentSink
{
    private readonly IDataplaneIntentSink _inner;
    private readonly Action<RemoteMacLimitStatus>? _changed;
    private readonly HashSet<(Vni Vni, MacAddress Mac)> _installed = [];
    private readonly Dictionary<(Vni Vni, MacAddress Mac), DataplaneIntent> _refused = [];
    private readonly Queue<(Vni Vni, MacAddress Mac)> _refusedOrder = new();
    private long _refusedTotal;

    public RemoteMacLimiter(IDataplaneIntentSink inner, uint limit, Action<RemoteMacLimitStatus>? changed)
    {
        _inner = inner;
        Limit = limit;
        _changed = changed;
    }

    public uint Limit { get; }

    public RemoteMacLimitStatus Status => new(Limit, _installed.Count, _refused.Count, _refusedTotal);

    /// <summary>Held-back MACs of one VNI, for its snapshot.</summary>
    public int RefusedIn(Vni vni) => _refused.Keys.Count(k => k.Vni == vni);

    public void Add(in DataplaneIntent intent)
    {
        switch (intent.Kind)
        {
            case DataplaneIntentKind.RemoteMacWanted:
                Want(intent);
                break;
            case DataplaneIntentKind.RemoteMacWithdrawn:
                Withdraw(intent);
                break;
            default:
                _inner.Add(intent);
                break;
        }
    }

    private void Want(in DataplaneIntent intent)
    {
        var key = (intent.Vni, intent.Mac);
        if (_installed.Contains(key) || _installed.Count < Limit)
        {
            _installed.Add(key);
            _inner.Add(intent);
            return;
        }
        bool first = _refused.Count == 0;
        if (_refused.TryAdd(key, intent))
        {
            _refusedOrder.Enqueue(key);
            _refusedTotal++;
        }
        else
        {
            // Held back already: remember where it wants to go now.
            _refused[key] = intent;
        }
        if (first)
        {
            _changed?.Invoke(Status);
        }
    }

    private void Withdraw(in DataplaneIntent intent)
    {
        var key = (intent.Vni, intent.Mac);
        bool held = _refused.Count > 0;
        if (_refused.Remove(key))
        {
            // Never reached the kernel: nothing to remove there.
            ReportIfCleared();
            return;
        }
        if (!_installed.Remove(key))
        {
            _inner.Add(intent);
            return;
        }
        _inner.Add(intent);
        while (_refusedOrder.TryDequeue(out var next))
        {
            if (_refused.Remove(next, out var waiting))
            {
                _installed.Add(next);
                _inner.Add(waiting);
                break;
            }
        }
        if (held)
        {
            ReportIfCleared();
        }
    }

    private void ReportIfCleared()
    {
        if (_refused.Count == 0)
        {
            _refusedOrder.Clear();
            _changed?.Invoke(Status);
        }
    }
}

/// <summary>
/// Where limits.remote-macs stands: installed now, held back now (<paramref name="Refused"/>) and
/// ever (<paramref name="RefusedTotal"/>). Refused 0 after a report means the limit cleared.
/// </summary>
public readonly record struct RemoteMacLimitStatus(uint Limit, int Installed, int Refused, long RefusedTotal);
