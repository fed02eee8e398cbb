namespace Evpnd.Bench.E2e;

/// <summary>
/// The bytes the injector sends for one (N, V), built once before any DUT runs and sent unchanged
/// to each: the type-3 routes, the N type-2 routes (+ End-of-RIB), one UPDATE per MAC move.
/// </summary>
internal sealed record E2eStreams(UpdateStream Flood, UpdateStream Macs, byte[][] Moves);
