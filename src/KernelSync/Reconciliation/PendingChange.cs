using System.Net;

namespace Evpnd.KernelSync;

/// <summary>
/// One change queued by <see cref="KernelReconciler"/> until its flush: what to send, and what
/// the ownership record held before (<see cref="HadPrevious"/>, <see cref="Previous"/>), so that a
/// refused request can be undone without a closure per command.
/// </summary>
/// <remarks>
/// For <see cref="PendingChangeKind.FloodAdd"/>, <see cref="HadPrevious"/> means the flood entry
/// was already ours (an APPEND of a VTEP we had).
/// One change is one of a MAC, a flood entry or a neighbour, so their fields share storage: a
/// session lost at 1M MACs queues its changes a slice at a time, 72 bytes each instead of the 136
/// of the three entries side by side (plus the previous MAC). A neighbour's address is kept as
/// an <see cref="IpAddressValue"/>, not an object: a MAC/IP route allocates nothing here. The
/// previous MAC has the same key as <see cref="Mac"/> (the record is keyed so): only what a
/// replace can change of it is kept.
/// </remarks>
internal readonly struct PendingChange
{
    private readonly IpAddressValue _neighbor;
    private readonly IPAddress? _address;
    private readonly IPAddress? _previousVtep;
    private readonly MacAddress _mac;
    private readonly int _ifindex;
    private readonly int _bridgeIfindex;
    private readonly int _previousBridgeIfindex;
    private readonly uint _sourceVni;
    private readonly ushort _vlan;
    private readonly bool _flag;
    private readonly bool _previousSticky;

    public PendingChange(
        PendingChangeKind kind,
        in RemoteMacEntry mac = default,
        in FloodEntry flood = default,
        in NeighborEntry neighbor = default,
        bool hadPrevious = false,
        in RemoteMacEntry previous = default)
    {
        Kind = kind;
        HadPrevious = hadPrevious;
        switch (kind)
        {
            case PendingChangeKind.MacReplace or PendingChangeKind.MacDelete:
                _ifindex = mac.VxlanIfindex;
                _bridgeIfindex = mac.BridgeIfindex;
                _mac = mac.Mac;
                _address = mac.RemoteVtep;
                _vlan = mac.Vlan;
                _flag = mac.Sticky;
                _sourceVni = mac.SourceVni;
                _previousVtep = previous.RemoteVtep;
                _previousBridgeIfindex = previous.BridgeIfindex;
                _previousSticky = previous.Sticky;
                break;
            case PendingChangeKind.FloodAdd or PendingChangeKind.FloodDelete:
                _ifindex = flood.VxlanIfindex;
                _address = flood.RemoteVtep;
                _sourceVni = flood.SourceVni;
                break;
            case PendingChangeKind.NeighborReplace or PendingChangeKind.NeighborDelete:
                _ifindex = neighbor.Ifindex;
                _neighbor = neighbor.Address;
                _mac = neighbor.Mac;
                _flag = neighbor.Router;
                break;
        }
    }

    public PendingChangeKind Kind { get; }

    public bool HadPrevious { get; }

    /// <summary>The MAC of a <see cref="PendingChangeKind.MacReplace"/> or <see cref="PendingChangeKind.MacDelete"/>.</summary>
    public RemoteMacEntry Mac => new(_ifindex, _bridgeIfindex, _mac, _address!, _vlan, _flag, _sourceVni);

    /// <summary>What the record held for <see cref="Mac"/>'s key before; meaningful when <see cref="HadPrevious"/>.</summary>
    public RemoteMacEntry Previous => new(_ifindex, _previousBridgeIfindex, _mac, _previousVtep!, _vlan, _previousSticky, _sourceVni);

    /// <summary>The entry of a <see cref="PendingChangeKind.FloodAdd"/> or <see cref="PendingChangeKind.FloodDelete"/>.</summary>
    public FloodEntry Flood => new(_ifindex, _address!, _sourceVni);

    /// <summary>The entry of a <see cref="PendingChangeKind.NeighborReplace"/> or <see cref="PendingChangeKind.NeighborDelete"/>.</summary>
    public NeighborEntry Neighbor => new(_ifindex, _neighbor, _mac, _flag);

    /// <summary>This change with another "before" (<see cref="KernelReconciler"/>'s Inherit).</summary>
    public PendingChange WithPrevious(bool hadPrevious, in RemoteMacEntry previous) => Kind switch
    {
        PendingChangeKind.MacReplace or PendingChangeKind.MacDelete => new(Kind, Mac, hadPrevious: hadPrevious, previous: previous),
        PendingChangeKind.FloodAdd or PendingChangeKind.FloodDelete => new(Kind, flood: Flood, hadPrevious: hadPrevious),
        PendingChangeKind.NeighborReplace or PendingChangeKind.NeighborDelete => new(Kind, neighbor: Neighbor, hadPrevious: hadPrevious),
    };
}
