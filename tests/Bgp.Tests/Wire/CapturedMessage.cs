namespace Evpnd.Bgp.Tests.Wire;

/// <summary>One message from tests/Vectors/*.hex: its comment line and its bytes.</summary>
public sealed record CapturedMessage(string File, int Number, string Direction, string Type, string Description, byte[] Bytes)
{
    public override string ToString() => $"{File}#{Number}";
}
