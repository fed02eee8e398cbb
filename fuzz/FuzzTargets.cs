namespace Evpnd.Fuzz;

/// <summary>The targets by the name <c>fuzz/run</c> takes.</summary>
public static class FuzzTargets
{
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>
    {
        ["bgp-message"] = BgpMessageTarget.Run,
        ["update"] = UpdateTarget.Run,
        ["evpn-nlri"] = EvpnNlriTarget.Run,
        ["netlink"] = NetlinkTarget.Run,
    };
}
