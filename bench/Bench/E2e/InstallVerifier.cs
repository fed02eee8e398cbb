using System.Globalization;

namespace Evpnd.Bench.E2e;

/// <summary>
/// Checks, after an install, that the kernel holds the N MACs each behind its right VTEP: one
/// filtered dump of the VXLAN device up to <see cref="E2eOptions.FullVerifyMax"/> MACs (both
/// halves counted, every VXLAN half's destination compared), above that a sample of RTM_GETNEIGH
/// gets spread over the range (a dump of 2M entries takes minutes on this kernel). The listener's
/// own view (every MAC's destination as notified) is compared in full as well.
/// </summary>
internal static class InstallVerifier
{
    public static (bool Ok, string Text) Verify(E2eLab lab, RouteLayout layout, FdbListener listener, E2eOptions options, int expectedFlood)
    {
        var problems = new List<string>();
        string kernel;
        using var probe = new FdbProbe(lab.DutNamespace, lab.VxlanIfindex);
        if (layout.Count <= options.FullVerifyMax)
        {
            var (dst, bridge, flood) = probe.Dump(layout);
            var right = 0;
            var missing = 0;
            for (var i = 0; i < dst.Length; i++)
            {
                if (dst[i] == layout.VtepAddressOf(i))
                {
                    right++;
                }
                else if (dst[i] == 0)
                {
                    missing++;
                }
            }

            kernel = string.Create(CultureInfo.InvariantCulture, $"dump: {right:N0} VXLAN halves at the right VTEP, {bridge:N0} bridge halves, {flood} flood entries");
            if (right != layout.Count)
            {
                problems.Add($"{layout.Count - right - missing:N0} at a wrong VTEP, {missing:N0} missing");
            }

            if (bridge != layout.Count)
            {
                problems.Add($"{bridge:N0} bridge halves for {layout.Count:N0} MACs");
            }

            if (flood != expectedFlood)
            {
                problems.Add($"{flood} flood entries, expected {expectedFlood}");
            }
        }
        else
        {
            var samples = Math.Min(options.Samples, layout.Count);
            int right = 0, bridge = 0;
            for (var s = 0; s < samples; s++)
            {
                var index = samples == 1 ? 0 : (int)((long)s * (layout.Count - 1) / (samples - 1));
                right += probe.Get(index) == layout.VtepAddressOf(index) ? 1 : 0;
                bridge += probe.HasBridgeHalf(index) ? 1 : 0;
            }

            kernel = string.Create(CultureInfo.InvariantCulture, $"sample of {samples:N0} gets: {right:N0} VXLAN halves at the right VTEP, {bridge:N0} bridge halves");
            if (right != samples || bridge != samples)
            {
                problems.Add("sample incomplete");
            }
        }

        var wrongInView = listener.CountMismatches(layout.VtepAddressOf);
        var view = wrongInView == 0 ? "listener's view: all right" : $"listener's view: {wrongInView:N0} MACs wrong or missing";
        if (wrongInView != 0 && listener.Overruns == 0)
        {
            problems.Add(view);
        }

        var text = $"{kernel}; {view}";
        return problems.Count == 0 ? (true, "ok: " + text) : (false, $"FAILED ({string.Join(", ", problems)}): {text}");
    }
}
