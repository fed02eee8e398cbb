using System.Text.RegularExpressions;
using Evpnd.Daemon.Config;

namespace Evpnd.Daemon.Tests.Config;

/// <summary>
/// Whatever the file holds, the operator gets either a configuration or error lines naming
/// file:line:column, never a stack trace.
/// </summary>
public sealed partial class ConfigRobustnessTests
{
    [TestCase("")]
    [TestCase("\t")]
    [TestCase(":")]
    [TestCase("[")]
    [TestCase("{")]
    [TestCase("]")]
    [TestCase("a: [")]
    [TestCase("a: {b: [1, {c: ")]
    [TestCase("- - -")]
    [TestCase("&a [*a]")]
    [TestCase("router-id: &r 10.0.0.1\nasn: *r\n")]
    [TestCase("router-id: !!binary AAAA\nasn: 1\n")]
    [TestCase("router-id: |\n  10.0.0.1\nasn: 1\n")]
    [TestCase("\uFEFFrouter-id: 10.0.0.1\nasn: 1\n")]
    [TestCase("router-id: \"10.0.0.1\nasn: 1\n")]
    [TestCase("? [a, b]\n: 1\n")]
    [TestCase("%YAML 1.1\n---\nrouter-id: 10.0.0.1\nasn: 1\n")]
    [TestCase("neighbors:\n\t- address: 10.0.0.1\n")]
    [TestCase("router-id: \"10.0.0.1\\nasn: 1\"\n")]
    public void OddInputGivesPositionedLines(string yaml)
    {
        AssertConfigOrPositionedErrors(yaml);
    }

    [Test]
    public void EveryTruncationOfTheExampleGivesPositionedLines()
    {
        string example = File.ReadAllText(ConfigLoaderTests.FindRepositoryFile("examples/evpnd.yaml"));
        for (int length = 0; length <= example.Length; length++)
        {
            AssertConfigOrPositionedErrors(example[..length]);
        }
    }

    [Test]
    public void DeepNestingIsAnErrorNotAStackOverflow()
    {
        string yaml = "router-id: " + new string('[', 10000) + "\n";

        AssertConfigOrPositionedErrors(yaml);
    }

    private static void AssertConfigOrPositionedErrors(string yaml)
    {
        try
        {
            ConfigLoader.Parse(yaml, "evpnd.yaml");
        }
        catch (ConfigException ex)
        {
            string[] lines = ex.Message.Split('\n');
            Assert.That(lines, Is.Not.Empty);
            Assert.That(lines, Has.All.Matches(PositionedLine()), $"input: {yaml}");
        }
    }

    [GeneratedRegex(@"^evpnd\.yaml:[1-9][0-9]*:[1-9][0-9]*: \S.*$")]
    private static partial Regex PositionedLine();
}
