namespace Evpnd.KernelSync;

/// <summary>ndm_flags (NTF_*) of an FDB or neighbour entry.</summary>
[Flags]
public enum NeighborFlags : byte
{
    None = 0,
    Use = 0x01,
    Self = 0x02,
    Master = 0x04,
    Proxy = 0x08,
    ExtLearned = 0x10,
    Offloaded = 0x20,
    Sticky = 0x40,
    Router = 0x80,
}
