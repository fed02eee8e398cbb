namespace Evpnd;

/// <summary>Whether a remote MAC or VTEP appeared (or changed) or went away.</summary>
public enum RemoteChangeKind
{
    /// <summary>Learned from a best path, or moved to another VTEP.</summary>
    Added,

    /// <summary>Its last route was withdrawn, or it moved here.</summary>
    Removed,
}
