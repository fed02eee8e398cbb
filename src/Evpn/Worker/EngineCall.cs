using Evpnd.Evpn.Instances;

namespace Evpnd.Evpn.Worker;

/// <summary>A question or command for the engine from another thread (the CLI): run on the worker, answered through <see cref="Result"/>.</summary>
public sealed record EngineCall(Func<EvpnEngine, object?> Invoke) : EvpnWorkerMessage
{
    public TaskCompletionSource<object?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override EvpnWorkerMessageKind Kind => EvpnWorkerMessageKind.Call;
}
