using Evpnd.Daemon.Config;

namespace Evpnd.Daemon.Tests.Config;

public sealed class SuggestionTests
{
    private static readonly string[] s_neighborKeys = ["address", "remote-as", "hold-time", "keepalive", "ip", "mac"];

    [TestCase("hold-tim", "hold-time")]
    [TestCase("hodl-time", "hold-time", Description = "swapped letters")]
    [TestCase("holdtime", "hold-time")]
    [TestCase("hold_time", "hold-time")]
    [TestCase("Remote-AS", "remote-as")]
    [TestCase("adress", "address")]
    [TestCase("keepalvie", "keepalive")]
    public void SuggestsTheIntendedKey(string typo, string expected)
    {
        Assert.That(Suggestion.Closest(typo, s_neighborKeys), Is.EqualTo(expected));
    }

    [TestCase("flavour")]
    [TestCase("vn")]
    [TestCase("x")]
    [TestCase("timers")]
    public void SuggestsNothingForUnrelatedWords(string text)
    {
        Assert.That(Suggestion.Closest(text, s_neighborKeys), Is.Null);
    }
}
