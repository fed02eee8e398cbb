namespace Evpnd.Bgp.Tests.Session;

/// <summary>Waits for a condition with a deadline, re-checking on every state change (no fixed sleeps).</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task That(Func<bool> condition, string what, Func<Task>? changed = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Deadline);
        while (!condition())
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                Assert.Fail($"timed out waiting for {what}");
            }
            // Wake on the next state change when the caller can say what that is, and re-check
            // at least every 50 ms for conditions (counters) that change without one.
            var poll = Task.Delay(TimeSpan.FromMilliseconds(50));
            await (changed is null ? poll : Task.WhenAny(changed(), poll));
        }
    }
}
