namespace Evpnd.Fuzz.Tests;

/// <summary>
/// Each fuzz target's entry point over its seed corpus (what fuzz/run starts afl++ with), so a
/// target that no longer builds, reads its input wrongly or throws on real traffic fails here
/// rather than in a fuzzing run nobody watches.
/// </summary>
public sealed class FuzzTargetTests
{
    private static string Vectors => Path.Combine(AppContext.BaseDirectory, "Vectors");

    public static IEnumerable<string> Targets => FuzzTargets.All.Keys;

    [TestCaseSource(nameof(Targets))]
    public void The_seed_corpus_is_cut_from_the_captured_vectors(string target)
    {
        var seeds = SeedCorpus.For(target, Vectors);

        Assert.That(seeds, Has.Count.GreaterThanOrEqualTo(10), $"{target}: too few seeds to start afl++ from");
    }

    [TestCaseSource(nameof(Targets))]
    public void Every_seed_is_read_as_the_valid_traffic_it_is(string target)
    {
        var run = FuzzTargets.All[target];
        var refused = new List<string>();
        foreach (var seed in SeedCorpus.For(target, Vectors).Where(s => IsCapturedAsIs(target, s)))
        {
            if (run(seed) != FuzzOutcome.Accepted)
            {
                refused.Add(Convert.ToHexString(seed));
            }
        }

        Assert.That(refused, Is.Empty, $"{target} refused captured FRR/GoBGP/kernel bytes");
    }

    /// <summary>
    /// The update target reads each UPDATE twice, with 4-octet AS numbers (as it was sent) and with
    /// 2-octet ones (a different session, in which the same AS_PATH is malformed): only the first is valid traffic.
    /// </summary>
    private static bool IsCapturedAsIs(string target, byte[] seed) => target != "update" || (seed[0] & 1) == 1;

    [TestCaseSource(nameof(Targets))]
    public void Mutated_seeds_are_refused_or_accepted_but_never_throw(string target)
    {
        // A few thousand deterministic mutations per target: the cheap part of what afl++ does, so
        // that an exception on a trivial mutation is caught by ./run-tests.
        var run = FuzzTargets.All[target];
        var random = new Random(13);
        var failures = new List<string>();
        foreach (var seed in SeedCorpus.For(target, Vectors))
        {
            for (int i = 0; i < 50; i++)
            {
                var input = Mutate(seed, random);
                try
                {
                    run(input);
                }
                catch (Exception e)
                {
                    failures.Add($"{Convert.ToHexString(input)}: {e.GetType().Name}: {e.Message}");
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var input = (byte[])seed.Clone();
        switch (random.Next(3))
        {
            case 0 when input.Length > 0:
                input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when input.Length > 0:
                input[random.Next(input.Length)] = (byte)random.Next(256);
                break;
            default:
                input = input[..random.Next(input.Length + 1)];
                break;
        }
        return input;
    }
}
