namespace Evpnd.Evpn.Instances;

/// <summary>
/// A MAC's value in a <see cref="MacTable"/>: 16 bytes. While <see cref="Entry"/> is 0 the MAC has
/// exactly one remote route, MAC-only, installed where it points, and nothing else (no local
/// learning, no advertisement, no move history): <see cref="Path"/> is that route. Anything more
/// lives in a <see cref="MacEntry"/>, and <see cref="Entry"/> is 1 + its index.
/// </summary>
internal struct MacSlot
{
    public RemotePath Path;

    public int Entry;

    public readonly bool IsCompact => Entry == 0;
}
