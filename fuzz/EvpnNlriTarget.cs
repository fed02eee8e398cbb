using Evpnd.Evpn.Wire;

namespace Evpnd.Fuzz;

/// <summary>
/// The EVPN NLRI reader (RFC 7432 s7, RFC 9136 s3) over the NLRI field of an MP_REACH_NLRI or
/// MP_UNREACH_NLRI: the whole field checked, then each route read as the EVPN engine reads it
/// (its key fields, labels, ESI, originator) and decoded into its record.
/// </summary>
public static class EvpnNlriTarget
{
    public static FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        if (!EvpnNlri.Validate(input).IsValid)
        {
            return FuzzOutcome.Refused;
        }
        var reader = new EvpnNlriReader(input);
        while (reader.TryRead(out var route))
        {
            _ = route.Rd;
            switch (route.Type)
            {
                case EvpnRouteType.MacIpAdvertisement:
                    _ = route.MacIpKey;
                    _ = route.MacIpLabel1;
                    _ = route.Esi;
                    break;
                case EvpnRouteType.InclusiveMulticast:
                    _ = route.InclusiveMulticastOriginator;
                    break;
                default:
                    _ = route.Esi;
                    break;
            }
            route.Decode();
        }
        return reader.Validation.IsValid ? FuzzOutcome.Accepted : FuzzOutcome.Refused;
    }
}
