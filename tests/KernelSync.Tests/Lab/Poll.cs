namespace Evpnd.KernelSync.Tests.Lab;

/// <summary>Waits for a condition on the kernel with a deadline (no sleeps as synchronisation).</summary>
internal static class Poll
{
    public static async Task Until(Func<bool> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within {seconds} s: {what}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task Until(Func<Task<bool>> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within {seconds} s: {what}");
            }

            await Task.Delay(50);
        }
    }
}
