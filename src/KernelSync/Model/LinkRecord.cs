namespace Evpnd.KernelSync;

/// <summary>
/// A network device as RTM_NEWLINK describes it. <see cref="MasterIfindex"/> is the bridge a
/// port is enslaved to (0 when none). Exactly one of <see cref="Vxlan"/>/<see cref="Bridge"/>
/// is set for those kinds.
/// </summary>
public sealed record LinkRecord(
    int Ifindex,
    string Name,
    string? Kind,
    int MasterIfindex,
    bool AdminUp,
    bool OperUp,
    MacAddress? Address,
    VxlanAttributes? Vxlan,
    BridgeAttributes? Bridge)
{
    public bool IsVxlan => Vxlan is not null;

    public bool IsBridge => Bridge is not null;
}
