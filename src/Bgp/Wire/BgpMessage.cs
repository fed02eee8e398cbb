namespace Evpnd.Bgp.Wire;

/// <summary>A decoded BGP message (everything but the hot-path UPDATE reader).</summary>
public abstract record BgpMessage
{
    public abstract BgpMessageType Type { get; }
}
