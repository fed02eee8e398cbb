namespace Evpnd.Bgp.Rib;

internal enum RibEventKind
{
    PeerUp,
    Update,
    RouteRefresh,
    PeerDown,
    Originate,
    WithdrawLocal,
    Query,
}
