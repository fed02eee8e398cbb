namespace Evpnd.KernelSync;

/// <summary>ndm_state (NUD_*) of an FDB or neighbour entry.</summary>
[Flags]
public enum NeighborStates : ushort
{
    None = 0,
    Incomplete = 0x01,
    Reachable = 0x02,
    Stale = 0x04,
    Delay = 0x08,
    Probe = 0x10,
    Failed = 0x20,
    NoArp = 0x40,
    Permanent = 0x80,
}
