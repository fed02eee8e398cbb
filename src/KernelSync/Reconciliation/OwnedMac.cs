using System.Net;

namespace Evpnd.KernelSync;

/// <summary>
/// One remote MAC of the ownership record, beside its <see cref="RemoteMacKey"/>: only what the
/// key does not already say (16 bytes; with the key a record entry is 48 bytes, not the 64 of a
/// whole <see cref="RemoteMacEntry"/> kept beside its own key).
/// </summary>
public readonly record struct OwnedMac(IPAddress RemoteVtep, int BridgeIfindex, bool Sticky)
{
    public static OwnedMac Of(in RemoteMacEntry entry) => new(entry.RemoteVtep, entry.BridgeIfindex, entry.Sticky);

    /// <summary>The whole entry, as the netlink writer and the journal take it.</summary>
    public RemoteMacEntry ToEntry(in RemoteMacKey key) =>
        new(key.VxlanIfindex, BridgeIfindex, key.Mac, RemoteVtep, key.Vlan, Sticky, key.SourceVni);
}
