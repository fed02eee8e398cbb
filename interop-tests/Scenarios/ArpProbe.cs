using Evpnd.Interop.Tests.Harness;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>Broadcasts from a host that the tests count on the underlay (<see cref="VxlanCapture"/>).</summary>
public static class ArpProbe
{
    /// <summary>
    /// Exactly one broadcast: the kernel sends mcast_solicit ARP requests for an unresolved
    /// neighbor; with one allowed, a single ping to an absent address sends a single request.
    /// </summary>
    public static async Task SendOneArpRequestAsync(Netns host, string target, string device = "eth0")
    {
        await host.SetSysctlAsync($"net.ipv4.neigh.{device}.mcast_solicit", "1");
        await host.SetSysctlAsync($"net.ipv4.neigh.{device}.app_solicit", "0");
        Assert.That(await host.PingAsync(target), Is.False, $"nobody has {target}");
    }

    /// <summary>Broadcasts ARP requests for <paramref name="target"/> until every capture has seen one: a barrier in the underlay's packet order.</summary>
    public static async Task SendUntilSeenAsync(Netns host, string target, params VxlanCapture[] captures)
    {
        await Poll.UntilAsync(
            async () =>
            {
                if (!captures.All(c => c.ArpRequestsFor(target).Count > 0))
                {
                    // A fresh neighbor entry each time: every attempt broadcasts again.
                    await host.ExecAsync("ip", "neigh", "flush", "to", target);
                    await host.PingAsync(target);
                }

                return captures.All(c => c.ArpRequestsFor(target).Count > 0);
            },
            seen => seen,
            $"an ARP request from {host.ShortName} for {target} on {string.Join(", ", captures.Select(c => c.Device))}");
    }
}
