namespace Evpnd.Evpn.Instances;

/// <summary>How the engine holds its remote routes (for tests and the benchmark): the per-route forms and the interned values.</summary>
internal readonly record struct EngineFootprint(
    int CompactMacs,
    int DetailedMacs,
    int UnimportedMacs,
    int Templates,
    int KeyPrefixes,
    int AttributeSets,
    int Sources);
