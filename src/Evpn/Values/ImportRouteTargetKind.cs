namespace Evpnd.Evpn;

public enum ImportRouteTargetKind : byte
{
    Exact = 0,
    AnyAs = 1,
    AutoDerived = 2,
}
