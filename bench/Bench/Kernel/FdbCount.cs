namespace Evpnd.Bench.Kernel;

/// <summary>
/// What the kernel holds for the benchmark's MACs on one VXLAN device: VXLAN halves (NTF_SELF,
/// with a destination) and bridge halves (NTF_MASTER on the VXLAN port), each also counted when
/// flagged extern_learn. <see cref="Checked"/> is how many MACs were looked at (N for a dump).
/// </summary>
internal sealed record FdbCount(string Method, int Checked, int VxlanHalves, int BridgeHalves, int ExternLearned, TimeSpan Elapsed)
{
    public bool Holds(int expectedPerHalf) => VxlanHalves == expectedPerHalf && BridgeHalves == expectedPerHalf;

    public override string ToString() =>
        $"{Method}: {VxlanHalves:N0} VXLAN + {BridgeHalves:N0} bridge entries of {Checked:N0} MACs checked ({ExternLearned:N0} extern_learn) in {Elapsed.TotalSeconds:F1} s";
}
