using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// The path attributes routes share, other than MP_REACH/MP_UNREACH (which carry the routes
/// themselves). Immutable and interned by <see cref="AttributeSetInterner"/>: routes with the same
/// attributes hold the same instance, so reference equality is attribute equality within one interner.
/// AS numbers are always the 4-octet view (AS4_PATH merged for 2-octet peers, RFC 6793 s4.2.3).
/// </summary>
public sealed class PathAttributeSet
{
    internal PathAttributeSet(ImmutableArray<PathAttribute> attributes, ReadOnlyMemory<byte> encoded)
    {
        Attributes = attributes;
        Encoded = encoded;
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case OriginAttribute a: Origin ??= a.Value; break;
                case AsPathAttribute a: AsPath ??= a; break;
                case NextHopAttribute a: NextHop ??= a; break;
                case MultiExitDiscAttribute a: MultiExitDisc ??= a.Value; break;
                case LocalPrefAttribute a: LocalPref ??= a.Value; break;
                case ExtendedCommunitiesAttribute a: ExtendedCommunities ??= a; break;
                case PmsiTunnelAttribute a: PmsiTunnel ??= a; break;
            }
        }
    }

    /// <summary>The attributes in wire order.</summary>
    public ImmutableArray<PathAttribute> Attributes { get; }

    /// <summary>
    /// The attributes as they were on the wire (first occurrence of each, discarded ones left out),
    /// encoded with the AS size of the session they came from.
    /// </summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    public Origin? Origin { get; }

    public AsPathAttribute? AsPath { get; }

    public NextHopAttribute? NextHop { get; }

    public uint? MultiExitDisc { get; }

    public uint? LocalPref { get; }

    public ExtendedCommunitiesAttribute? ExtendedCommunities { get; }

    public PmsiTunnelAttribute? PmsiTunnel { get; }

    /// <summary>The first attribute of type <typeparamref name="T"/>.</summary>
    public T? Get<T>() where T : PathAttribute
    {
        foreach (var attribute in Attributes)
        {
            if (attribute is T match)
            {
                return match;
            }
        }
        return null;
    }

    /// <summary>The attribute with this type code.</summary>
    public PathAttribute? Get(byte typeCode)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.TypeCode == typeCode)
            {
                return attribute;
            }
        }
        return null;
    }

    public override string ToString() => string.Join(", ", Attributes);
}
