namespace Evpnd.KernelSync;

/// <summary>
/// One change of what the EVPN side wants the kernel to hold, in VXLAN terms only: keyed by VNI,
/// never by ifindex. KernelSync finds the device that carries the VNI and follows it when it
/// appears, goes down or is re-created. A value, carried in <see cref="DataplaneIntentBatch"/>es,
/// so that a route costs no allocation on its way to the kernel.
/// </summary>
/// <param name="Address">The remote VTEP (remote MAC, flood entry) or the host IP (neighbour).</param>
/// <param name="Mac">The MAC (remote MAC, neighbour); unused for flood entries.</param>
public readonly record struct DataplaneIntent(DataplaneIntentKind Kind, Vni Vni, MacAddress Mac, IpAddressValue Address, DataplaneIntentFlags Flags = DataplaneIntentFlags.None)
{
    public static DataplaneIntent RemoteMac(Vni vni, MacAddress mac, IpAddressValue vtep, bool sticky) =>
        new(DataplaneIntentKind.RemoteMacWanted, vni, mac, vtep, sticky ? DataplaneIntentFlags.Sticky : DataplaneIntentFlags.None);

    public static DataplaneIntent RemoteMacGone(Vni vni, MacAddress mac) =>
        new(DataplaneIntentKind.RemoteMacWithdrawn, vni, mac, IpAddressValue.None);

    public static DataplaneIntent FloodVtep(Vni vni, IpAddressValue vtep) =>
        new(DataplaneIntentKind.FloodVtepWanted, vni, MacAddress.Zero, vtep);

    public static DataplaneIntent FloodVtepGone(Vni vni, IpAddressValue vtep) =>
        new(DataplaneIntentKind.FloodVtepWithdrawn, vni, MacAddress.Zero, vtep);

    public static DataplaneIntent Neighbor(Vni vni, IpAddressValue ip, MacAddress mac, bool router) =>
        new(DataplaneIntentKind.NeighborWanted, vni, mac, ip, router ? DataplaneIntentFlags.Router : DataplaneIntentFlags.None);

    public static DataplaneIntent NeighborGone(Vni vni, IpAddressValue ip) =>
        new(DataplaneIntentKind.NeighborWithdrawn, vni, MacAddress.Zero, ip);

    public bool Sticky => (Flags & DataplaneIntentFlags.Sticky) != 0;

    public bool Router => (Flags & DataplaneIntentFlags.Router) != 0;
}
