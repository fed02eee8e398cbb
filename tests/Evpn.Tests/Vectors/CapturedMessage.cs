namespace Evpnd.Evpn.Tests.Vectors;

/// <summary>One BGP message from tests/Vectors: the comment line tshark's decode gave it and its bytes.</summary>
public sealed record CapturedMessage(string File, int Number, string Direction, string Type, string Description, byte[] Bytes)
{
    public override string ToString() => $"{File}#{Number} {Direction} {Type}";
}
