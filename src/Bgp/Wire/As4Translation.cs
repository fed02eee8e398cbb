using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// RFC 6793 s4.2: how a 4-octet speaker talks to a 2-octet one. Towards it, AS numbers above 65535
/// become AS_TRANS in AS_PATH/AGGREGATOR and the real ones travel in AS4_PATH/AS4_AGGREGATOR; from
/// it, the two are merged back into one 4-octet AS_PATH and AGGREGATOR.
/// </summary>
public static class As4Translation
{
    /// <summary>
    /// RFC 6793 s4.2.2: the attributes to send to a peer without 4-octet AS support. AS_PATH and
    /// AGGREGATOR are then written with 2-octet numbers (AS_TRANS standing in).
    /// </summary>
    public static ImmutableArray<PathAttribute> ForTwoOctetPeer(ImmutableArray<PathAttribute> attributes)
    {
        var result = new List<PathAttribute>(attributes.Length + 2);
        foreach (var attribute in attributes)
        {
            if (attribute is As4PathAttribute or As4AggregatorAttribute)
            {
                continue;
            }
            result.Add(attribute);
            if (attribute is AsPathAttribute path && path.Segments.Any(s => s.Asns.Any(a => a > ushort.MaxValue)))
            {
                // Confederation segments stay out of AS4_PATH (RFC 6793 s3).
                result.Add(new As4PathAttribute([.. path.Segments.Where(s =>
                    s.Type is AsPathSegmentType.AsSequence or AsPathSegmentType.AsSet)]));
            }
            else if (attribute is AggregatorAttribute aggregator && aggregator.Asn > ushort.MaxValue)
            {
                result.Add(new As4AggregatorAttribute(aggregator.Asn, aggregator.Address));
            }
        }
        // RFC 4271 s5: attributes SHOULD be in ascending type order.
        return [.. result.OrderBy(a => a.TypeCode)];
    }

    /// <summary>
    /// RFC 6793 s4.2.3: merges AS4_PATH/AS4_AGGREGATOR received from a 2-octet peer into AS_PATH
    /// and AGGREGATOR, and drops them.
    /// </summary>
    public static ImmutableArray<PathAttribute> MergeFromTwoOctetPeer(ImmutableArray<PathAttribute> attributes)
    {
        AsPathAttribute? asPath = null;
        As4PathAttribute? as4Path = null;
        AggregatorAttribute? aggregator = null;
        As4AggregatorAttribute? as4Aggregator = null;
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case AsPathAttribute p: asPath ??= p; break;
                case As4PathAttribute p: as4Path ??= p; break;
                case AggregatorAttribute a: aggregator ??= a; break;
                case As4AggregatorAttribute a: as4Aggregator ??= a; break;
            }
        }
        if (as4Path is null && as4Aggregator is null)
        {
            return attributes;
        }

        AggregatorAttribute? newAggregator = aggregator;
        bool useAs4Path = as4Path is not null && asPath is not null;
        if (aggregator is not null && as4Aggregator is not null)
        {
            if (aggregator.Asn != OpenMessage.AsTrans)
            {
                // The AS that aggregated was a 2-octet speaker: the AS4 attributes are stale.
                useAs4Path = false;
            }
            else
            {
                newAggregator = aggregator with { Asn = as4Aggregator.Asn, Address = as4Aggregator.Address };
            }
        }
        AsPathAttribute? newPath = asPath;
        if (useAs4Path)
        {
            newPath = Merge(asPath!, as4Path!);
        }

        var result = ImmutableArray.CreateBuilder<PathAttribute>(attributes.Length);
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case As4PathAttribute or As4AggregatorAttribute:
                    break;
                case AsPathAttribute when ReferenceEquals(attribute, asPath):
                    result.Add(newPath!);
                    break;
                case AggregatorAttribute when ReferenceEquals(attribute, aggregator):
                    result.Add(newAggregator!);
                    break;
                default:
                    result.Add(attribute);
                    break;
            }
        }
        return result.ToImmutable();
    }

    private static AsPathAttribute Merge(AsPathAttribute asPath, As4PathAttribute as4Path)
    {
        var as4Segments = as4Path.Segments.Where(s => s.Type is AsPathSegmentType.AsSequence or AsPathSegmentType.AsSet).ToList();
        int n = asPath.PathLength;
        int m = as4Segments.Sum(s => s.PathLength);
        if (n < m)
        {
            // RFC 6793 s4.2.3: AS4_PATH longer than AS_PATH is ignored.
            return asPath;
        }
        // Keep the leading n - m ASes of AS_PATH (those added by 2-octet speakers), then AS4_PATH.
        int keep = n - m;
        var merged = new List<AsPathSegment>();
        foreach (var segment in asPath.Segments)
        {
            if (segment.Type is AsPathSegmentType.ConfedSequence or AsPathSegmentType.ConfedSet)
            {
                merged.Add(segment);
                continue;
            }
            if (keep == 0)
            {
                break;
            }
            if (segment.Type == AsPathSegmentType.AsSet)
            {
                merged.Add(segment);
                keep--;
            }
            else
            {
                int take = Math.Min(keep, segment.Asns.Length);
                merged.Add(segment with { Asns = segment.Asns[..take] });
                keep -= take;
            }
        }
        foreach (var segment in as4Segments)
        {
            // Join a sequence cut from AS_PATH with the AS4_PATH sequence that continues it.
            if (merged.Count > 0 && merged[^1].Type == AsPathSegmentType.AsSequence &&
                segment.Type == AsPathSegmentType.AsSequence && merged[^1].Asns.Length + segment.Asns.Length <= 255)
            {
                merged[^1] = merged[^1] with { Asns = merged[^1].Asns.AddRange(segment.Asns) };
            }
            else
            {
                merged.Add(segment);
            }
        }
        return asPath with { Segments = [.. merged] };
    }
}
