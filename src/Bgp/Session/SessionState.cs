namespace Evpnd.Bgp.Session;

/// <summary>The six states of the RFC 4271 s8.2.2 finite state machine.</summary>
public enum SessionState
{
    Idle,
    Connect,
    Active,
    OpenSent,
    OpenConfirm,
    Established,
}
