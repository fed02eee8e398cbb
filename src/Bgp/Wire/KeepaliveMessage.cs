namespace Evpnd.Bgp.Wire;

/// <summary>KEEPALIVE (RFC 4271 s4.4): the header alone.</summary>
public sealed record KeepaliveMessage : BgpMessage
{
    public static readonly KeepaliveMessage Instance = new();

    public override BgpMessageType Type => BgpMessageType.Keepalive;
}
