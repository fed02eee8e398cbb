using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// The MAC mobility sequence numbers (RFC 7432 s15) of local MACs that moved here, kept across
/// restarts: a host that moved here once is advertised with sequence 1 again after a restart, not
/// 0, or a VTEP still holding its old location with sequence 0 would tie with us. MACs with
/// sequence 0 (never moved) are not kept.
/// </summary>
public interface ILocalSequenceStore
{
    /// <summary>The sequence last advertised for the local MAC, 0 when none is kept.</summary>
    uint Recall(Vni vni, MacAddress mac);

    /// <summary>Keeps the sequence of a local MAC; 0 forgets it (the MAC left or moved away).</summary>
    void Remember(Vni vni, MacAddress mac, uint sequence);

    /// <summary>Writes what changed since the last call (once per batch of engine work, not per MAC).</summary>
    void Save();
}
