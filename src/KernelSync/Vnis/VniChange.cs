namespace Evpnd.KernelSync;

/// <summary>How one VNI's state changed in the <see cref="VniTable"/> (null: no device carries it).</summary>
public readonly record struct VniChange(Vni Vni, VniState? Before, VniState? After)
{
    /// <summary>
    /// The VNI's entries now belong elsewhere: it became usable or unusable, or its device or
    /// bridge is another one (re-created, moved).
    /// </summary>
    public bool PlacementChanged =>
        (Before?.Usable ?? false) != (After?.Usable ?? false)
        || (After is { Usable: true } && (Before!.DeviceIfindex != After.DeviceIfindex || Before.BridgeIfindex != After.BridgeIfindex));

    /// <summary>The VNI became usable where it was not before: its hosts must be read from the bridge again.</summary>
    public bool BecameUsable => After is { Usable: true } && PlacementChanged;
}
