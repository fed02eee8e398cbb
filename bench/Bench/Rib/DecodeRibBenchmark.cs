namespace Evpnd.Bench.Rib;

internal static class DecodeRibBenchmark
{
    public static Task<int> RunAsync(int routes) => Task.FromResult(routes > 0 ? 0 : 2);
}
