namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>How <see cref="VtepFailureTests"/> takes a VTEP's speaker away.</summary>
public enum VtepFailure
{
    /// <summary>SIGKILL: no NOTIFICATION, but the kernel closes the TCP connection.</summary>
    Killed,

    /// <summary>SIGTERM: evpnd sends Cease and exits 0.</summary>
    Stopped,

    /// <summary>The VTEP's uplink goes down: nothing reaches the reflector, which waits for hold expiry.</summary>
    UplinkDown,
}
