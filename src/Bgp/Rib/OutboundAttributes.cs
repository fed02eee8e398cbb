using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// The path attributes a route carries towards one kind of peer (RFC 4271 s5.1, s9.1.3; RFC 4456
/// s8; RFC 6793 s4.2.2), encoded once per (source, profile) and shared by all its routes.
/// </summary>
internal static class OutboundAttributes
{
    public const int ProfileCount = 8;

    private const int InternalBit = 1;
    private const int FourOctetBit = 2;
    private const int ReflectBit = 4;

    /// <summary>Default LOCAL_PREF (RFC 4271 s5.1.5 leaves it to us; 100 as FRR and GoBGP).</summary>
    public const uint DefaultLocalPreference = 100;

    public static int Profile(RibPeerState target, bool reflect) =>
        (target.IsInternal ? InternalBit : 0) | (target.Options.FourOctetAs ? FourOctetBit : 0) | (reflect ? ReflectBit : 0);

    /// <summary>
    /// Builds the attribute block. Next hops stay unchanged for every family: for L2VPN/EVPN the
    /// next hop is the originating VTEP (RFC 7432 s7, RFC 8365 s5.1.3), whoever relays the route.
    /// </summary>
    public static byte[] Build(RibPathSource source, int profile, uint localAs, uint clusterId)
    {
        bool toInternal = (profile & InternalBit) != 0;
        bool fourOctet = (profile & FourOctetBit) != 0;
        bool reflect = (profile & ReflectBit) != 0;
        bool fromExternal = source.Peer is { IsInternal: false };
        var result = new List<PathAttribute>(source.Attributes.Attributes.Length + 3);
        bool hasAsPath = false;
        bool hasLocalPref = false;
        bool hasOriginator = false;
        bool hasClusterList = false;
        foreach (var attribute in source.Attributes.Attributes)
        {
            switch ((PathAttributeType)attribute.TypeCode)
            {
                case PathAttributeType.AsPath:
                    hasAsPath = true;
                    result.Add(toInternal ? attribute : Prepend((AsPathAttribute)attribute, localAs));
                    break;
                case PathAttributeType.LocalPref:
                    // s5.1.5: not sent to external peers; one received from an external peer is
                    // ignored (the rank used 100), so it is replaced by ours towards iBGP.
                    if (toInternal)
                    {
                        hasLocalPref = true;
                        result.Add(fromExternal ? new LocalPrefAttribute(DefaultLocalPreference) : attribute);
                    }
                    break;
                case PathAttributeType.MultiExitDisc:
                    // s5.1.4: a MED received from a neighboring AS is not passed to other ASes.
                    if (toInternal || source.Peer is null)
                    {
                        result.Add(attribute);
                    }
                    break;
                case PathAttributeType.OriginatorId:
                    // RFC 4456 s8: iBGP-only, optional non-transitive.
                    if (toInternal)
                    {
                        hasOriginator = true;
                        result.Add(attribute);
                    }
                    break;
                case PathAttributeType.ClusterList:
                    if (toInternal)
                    {
                        hasClusterList = true;
                        result.Add(reflect ? PrependCluster((ClusterListAttribute)attribute, clusterId) : attribute);
                    }
                    break;
                case PathAttributeType.As4Path or PathAttributeType.As4Aggregator:
                    // Merged into AS_PATH/AGGREGATOR on receipt; re-derived below for 2-octet peers.
                    break;
                default:
                    if (attribute is UnknownPathAttribute && (attribute.Flags & PathAttributeFlags.Transitive) == 0)
                    {
                        // s5: an unrecognised non-transitive attribute is not passed along.
                        break;
                    }
                    result.Add(attribute.ForPropagation());
                    break;
            }
        }
        if (!hasAsPath)
        {
            result.Add(toInternal ? AsPathAttribute.Empty : AsPathAttribute.Sequence(localAs));
        }
        if (toInternal && !hasLocalPref)
        {
            result.Add(new LocalPrefAttribute(DefaultLocalPreference));
        }
        if (reflect)
        {
            // RFC 4456 s8: ORIGINATOR_ID names the router the route came from into the cluster.
            if (!hasOriginator)
            {
                result.Add(new OriginatorIdAttribute(source.Peer!.Negotiated.PeerRouterId));
            }
            if (!hasClusterList)
            {
                result.Add(new ClusterListAttribute([clusterId]));
            }
        }
        result.Sort((a, b) => a.TypeCode.CompareTo(b.TypeCode));
        var attributes = fourOctet ? [.. result] : As4Translation.ForTwoOctetPeer([.. result]);
        var options = new UpdateCodecOptions(fourOctet);
        var encoded = new byte[attributes.Sum(a => a.GetEncodedLength(options))];
        int pos = 0;
        foreach (var attribute in attributes)
        {
            pos += attribute.Write(encoded.AsSpan(pos), options);
        }
        return encoded;
    }

    /// <summary>RFC 4271 s5.1.2 b: our AS goes in front, into the leading AS_SEQUENCE when it has room.</summary>
    internal static AsPathAttribute Prepend(AsPathAttribute path, uint localAs)
    {
        if (path.Segments.Length > 0 && path.Segments[0] is { Type: AsPathSegmentType.AsSequence } first && first.Asns.Length < 255)
        {
            return path with { Segments = path.Segments.SetItem(0, first with { Asns = first.Asns.Insert(0, localAs) }) };
        }
        return path with { Segments = path.Segments.Insert(0, new AsPathSegment(AsPathSegmentType.AsSequence, [localAs])) };
    }

    private static ClusterListAttribute PrependCluster(ClusterListAttribute list, uint clusterId) =>
        list with { ClusterIds = list.ClusterIds.Insert(0, clusterId) };
}
