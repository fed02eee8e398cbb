namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>Which speaker runs a VTEP: evpnd, or FRR bgpd+zebra (the baseline).</summary>
public enum VtepKind
{
    Evpnd,
    Frr,
}
