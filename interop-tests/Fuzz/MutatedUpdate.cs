namespace Evpnd.Interop.Tests.Fuzz;

/// <summary>One case: the UPDATE as sent (header included) and what was done to it.</summary>
public sealed record MutatedUpdate(int Case, MutationKind Kind, string Detail, byte[] Bytes)
{
    public override string ToString() => $"case {Case} {Kind} ({Detail}): {Convert.ToHexString(Bytes)}";
}
