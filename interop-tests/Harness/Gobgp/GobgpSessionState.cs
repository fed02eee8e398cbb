namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>GoBGP API's PeerState.SessionState, printed as a number by `gobgp neighbor -j`.</summary>
public enum GobgpSessionState
{
    Unknown = 0,
    Idle = 1,
    Connect = 2,
    Active = 3,
    OpenSent = 4,
    OpenConfirm = 5,
    Established = 6,
}
