using System.Globalization;

namespace Evpnd.Interop.Tests.Fuzz;

/// <summary>
/// The live mutation run (see <see cref="LiveMutationRun"/>): ≥ 10,000 mutated UPDATEs to a real
/// evpnd with a real VXLAN device, no crash, every sentinel route in the kernel, no session reset
/// that RFC 7606 does not allow. EVPND_FUZZ_CASES=N runs N cases (the long mode, e.g. 100000);
/// EVPND_FUZZ_SEED=S another seed (the default is fixed, so a failure can be run again).
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class LiveMutationTests : InteropTest
{
    private const int ShortRun = 10_000;
    private const int DefaultSeed = 7606;

    [Test]
    public async Task MutatedUpdates_NeverCrashEvpnd_NorResetWhereRfc7606DoesNot_AndSentinelsReachTheKernel()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("EVPND_FUZZ_CASES"), CultureInfo.InvariantCulture, out int n) ? n : ShortRun;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("EVPND_FUZZ_SEED"), CultureInfo.InvariantCulture, out int s) ? s : DefaultSeed;
        LiveMutationRun run = await LiveMutationRun.CreateAsync(Lab);

        await run.RunAsync(cases, seed);

        TestContext.Out.WriteLine($"seed {seed}");
        TestContext.Out.WriteLine(run.Summary());
        Assert.Multiple(() =>
        {
            Assert.That(run.Crashes, Is.Zero, "evpnd exited");
            Assert.That(run.Cases, Is.EqualTo(cases));
            Assert.That(run.SentinelFailures, Is.Zero, "sentinel routes that did not reach the kernel");
            Assert.That(run.ViolationCount, Is.Zero, "NOTIFICATIONs RFC 7606 does not allow for their case (the first are listed above)");
            // The mix must reach both sides of RFC 7606, or the run proved little.
            Assert.That(run.Resets, Is.GreaterThan(cases / 100), "too few cases called for a session reset");
            Assert.That(run.Resets, Is.LessThan(cases), "every case reset the session");
        });
    }
}
