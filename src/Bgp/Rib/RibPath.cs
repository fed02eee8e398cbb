namespace Evpnd.Bgp.Rib;

/// <summary>
/// One path of a route that has more than one (<see cref="RibEntry"/> holds a single path inline):
/// the NLRI as received (labels and ESI included) and the shared source (peer, attributes, next
/// hop, rank), linked to the next less preferred path.
/// </summary>
internal sealed class RibPath
{
    public RibPath(RibPathSource source, ReadOnlyMemory<byte> nlri)
    {
        Source = source;
        Nlri = nlri;
    }

    public RibPathSource Source { get; }

    public ReadOnlyMemory<byte> Nlri { get; }

    /// <summary>The next less preferred path of the same route.</summary>
    public RibPath? Next { get; set; }
}
