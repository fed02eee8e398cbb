using System.Diagnostics;
using System.Text.Json;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>
/// Waiting for the lab to reach a state: probe, check, pause briefly, until a deadline. This is the
/// only way the harness synchronises with daemons; it never sleeps for a fixed time instead.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Probes until the condition holds and returns the value that satisfied it; fails the test
    /// with the description and the last value seen when the deadline passes.
    /// </summary>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> condition,
        string description,
        TimeSpan? timeout = null,
        Func<T, string>? describe = null)
    {
        TimeSpan limit = timeout ?? DefaultTimeout;
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            T value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (elapsed.Elapsed >= limit)
            {
                string last = describe is not null ? describe(value) : Describe(value);
                Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for {description}. Last seen: {last}");
            }

            await Task.Delay(Interval);
        }
    }

    private static string Describe<T>(T value)
    {
        try
        {
            return JsonSerializer.Serialize(value, Json.Options);
        }
        catch (NotSupportedException)
        {
            return value?.ToString() ?? "null";
        }
    }
}
