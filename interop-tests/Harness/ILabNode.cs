namespace Evpnd.Interop.Tests.Harness;

/// <summary>A speaker in the lab (FRR, GoBGP, evpnd) that can report its view when a test fails.</summary>
public interface ILabNode
{
    string Name { get; }

    /// <summary>Writes what an operator would look at first (neighbor tables), best effort.</summary>
    Task WriteDiagnosticsAsync(TextWriter writer);
}
