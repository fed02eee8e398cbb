namespace Evpnd.Interop.Tests.Fuzz;

/// <summary>A path attribute as the mutator lays it out; <see cref="LengthField"/> overrides the length written (a lie about <see cref="Value"/>).</summary>
public sealed record RawAttribute(byte Flags, byte Type, byte[] Value)
{
    public int? LengthField { get; init; }
}
