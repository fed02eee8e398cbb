using System.Text.Json.Serialization;

namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>`extendedCommunity` of a path: FRR prints the communities as one string, e.g. "RT:65002:100 ET:8".</summary>
public sealed record FrrCommunityText
{
    [JsonPropertyName("string")]
    public string Text { get; init; } = "";

    /// <summary>The space-separated items, e.g. ["RT:65002:100", "ET:8", "MM:1"].</summary>
    public IReadOnlyList<string> Items => Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
