namespace Evpnd.Bgp.Session;

/// <summary>Who opened a TCP connection: we did (Outgoing) or the peer did (Incoming).</summary>
public enum ConnectionDirection
{
    Outgoing,
    Incoming,
}
