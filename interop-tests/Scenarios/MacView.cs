using Evpnd.Interop.Tests.Harness.Frr;
using Evpnd.Interop.Tests.Harness.Evpnd;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// One MAC as a VTEP's speaker sees it, whichever speaker it is: evpnd's `show evpn macs` or
/// zebra's `show evpn mac vni all` (local MACs carry zebra's localSequence, remote ones its
/// remoteSequence).
/// </summary>
/// <param name="Origin">"local" or "remote".</param>
/// <param name="Vtep">The remote VTEP; null for a local MAC.</param>
/// <param name="Sequence">RFC 7432 section 15 MAC mobility sequence number.</param>
public sealed record MacView(string Origin, string? Vtep, long Sequence)
{
    public static MacView From(EvpndMac mac) => new(mac.Origin, mac.Vtep, mac.Sequence);

    public static MacView From(FrrEvpnMac mac) =>
        mac.Type == "local" ? new MacView("local", null, mac.LocalSequence) : new MacView(mac.Type, mac.RemoteVtep, mac.RemoteSequence);

    /// <summary>The speaker's view of a MAC in a VNI, or null when it does not know the MAC.</summary>
    public static async Task<MacView?> GetAsync(ScenarioVtep vtep, int vni, string mac)
    {
        if (vtep.Evpnd is { } evpnd)
        {
            EvpndMac? found = (await evpnd.ShowEvpnMacsAsync(vni))
                .FirstOrDefault(m => m.Vni == vni && string.Equals(m.Mac, mac, StringComparison.OrdinalIgnoreCase));
            return found is null ? null : From(found);
        }

        FrrEvpnMac? frr = (await vtep.RequireFrr().GetEvpnMacsAsync())
            .FirstOrDefault(m => m.Vni == vni && string.Equals(m.Mac, mac, StringComparison.OrdinalIgnoreCase));
        return frr is null ? null : From(frr);
    }

    public override string ToString() => $"{Origin}{(Vtep is null ? "" : $" at {Vtep}")} seq {Sequence}";
}
