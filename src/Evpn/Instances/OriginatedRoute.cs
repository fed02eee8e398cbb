using System.Collections.Immutable;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Wire;

namespace Evpnd.Evpn.Instances;

/// <summary>A route the engine handed to the originator, kept to withdraw it and to skip identical re-originations.</summary>
internal sealed record OriginatedRoute(EvpnRoute Route, byte[] Nlri, byte[] NextHop, ImmutableArray<PathAttribute> Attributes)
{
    public bool SameAs(OriginatedRoute other) =>
        Nlri.AsSpan().SequenceEqual(other.Nlri) &&
        NextHop.AsSpan().SequenceEqual(other.NextHop) &&
        Attributes.SequenceEqual(other.Attributes);
}
