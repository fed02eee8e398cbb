namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>A VTEP to build: its number N (VTEP address 10.255.0.N), its speaker and its VNIs.</summary>
public sealed record VtepSpec(int Index, VtepKind Kind, params int[] Vnis);
