namespace Evpnd.Evpn.Worker;

/// <summary>
/// The kinds of <see cref="EvpnWorkerMessage"/>. The worker switches over it with a switch
/// expression without a discard arm, so that a new kind is a compile error (CS8509) until handled.
/// </summary>
public enum EvpnWorkerMessageKind
{
    /// <summary><see cref="BestPathsReceived"/>.</summary>
    BestPaths,

    /// <summary><see cref="KernelEventReceived"/>.</summary>
    Kernel,

    /// <summary><see cref="EngineCall"/>.</summary>
    Call,

    /// <summary><see cref="EngineTick"/>.</summary>
    Tick,

    /// <summary><see cref="Worker.InitialConvergence"/>.</summary>
    InitialConvergence,
}
