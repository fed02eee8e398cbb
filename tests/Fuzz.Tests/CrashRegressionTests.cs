namespace Evpnd.Fuzz.Tests;

/// <summary>Every input afl++ found that crashed a target (tests/Fuzz.Tests/Crashes/TARGET-NAME.hex) runs through that target again.</summary>
public sealed class CrashRegressionTests
{
    public static IEnumerable<TestCaseData> Crashes() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Crashes"), "*.hex").Order(StringComparer.Ordinal)
            .SelectMany(path => File.ReadLines(path)
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .Select((line, i) => new TestCaseData(Path.GetFileNameWithoutExtension(path), Convert.FromHexString(line))
                    .SetName($"{Path.GetFileNameWithoutExtension(path)}#{i}")));

    [TestCaseSource(nameof(Crashes))]
    public void A_former_crash_is_read_as_the_protocol_says(string file, byte[] input)
    {
        var target = FuzzTargets.All.Keys.Single(t => file.StartsWith(t + "-", StringComparison.Ordinal));

        // NLMSG_ERROR with an impossible echoed length: the errno is still read; the TLVs, which
        // cannot be found, are not.
        Assert.That(FuzzTargets.All[target](input), Is.EqualTo(FuzzOutcome.Accepted).Or.EqualTo(FuzzOutcome.Refused), "the target threw");
    }
}
