namespace Evpnd.KernelSync;

/// <summary>
/// One remote MAC of the ownership record, beside its <see cref="RemoteMacKey"/>: only what the
/// key does not already say, in 8 bytes: the VTEP as an index into the store's
/// <see cref="VtepTable"/> (the one the reconciler's wants name theirs by), the sticky flag in the
/// index's top bit, and the bridge. With the 16-byte key a record entry is 32 bytes, not 48 with
/// an address reference: the record holds one entry per remote MAC, a million at scale.
/// </summary>
public readonly record struct OwnedMac
{
    private const uint StickyBit = 1u << 31;
    private readonly uint _vtep;

    internal OwnedMac(int vtep, int bridgeIfindex, bool sticky)
    {
        _vtep = (uint)vtep | (sticky ? StickyBit : 0);
        BridgeIfindex = bridgeIfindex;
    }

    public int BridgeIfindex { get; }

    public bool Sticky => (_vtep & StickyBit) != 0;

    /// <summary>The VTEP's index in the store's <see cref="VtepTable"/>.</summary>
    internal int Vtep => (int)(_vtep & ~StickyBit);

    /// <summary>What the record holds once a wanted MAC is installed on a device in <paramref name="bridgeIfindex"/>: no address lookup.</summary>
    internal static OwnedMac Of(RemoteFdbWant want, int bridgeIfindex) => new(want.Vtep, bridgeIfindex, want.Sticky);

    internal static OwnedMac Of(in RemoteMacEntry entry, VtepTable vteps) =>
        new(vteps.Intern(entry.RemoteVtep), entry.BridgeIfindex, entry.Sticky);

    /// <summary>The whole entry, as the netlink writer and the journal take it.</summary>
    internal RemoteMacEntry ToEntry(in RemoteMacKey key, VtepTable vteps) =>
        new(key.VxlanIfindex, BridgeIfindex, key.Mac, vteps[Vtep], key.Vlan, Sticky, key.SourceVni);
}
