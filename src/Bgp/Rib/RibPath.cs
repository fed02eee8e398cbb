namespace Evpnd.Bgp.Rib;

/// <summary>
/// One path of a route: the NLRI as received (labels and ESI included) and the shared source
/// (peer, attributes, next hop, rank). Immutable: a changed path is a new object, so a batch can
/// compare the best path before and after by reference.
/// </summary>
internal sealed class RibPath
{
    public RibPath(RibPathSource source, byte[] nlri)
    {
        Source = source;
        Nlri = nlri;
    }

    public RibPathSource Source { get; }

    public byte[] Nlri { get; }

    /// <summary>The next less preferred path of the same route.</summary>
    public RibPath? Next { get; set; }
}
