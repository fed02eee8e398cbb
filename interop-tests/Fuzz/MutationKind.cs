namespace Evpnd.Interop.Tests.Fuzz;

/// <summary>What the mutator changed in a valid EVPN UPDATE (one change per case).</summary>
public enum MutationKind
{
    /// <summary>Optional / Transitive / Partial bits of one attribute flipped.</summary>
    AttributeFlags,

    /// <summary>The Extended Length bit flipped without re-encoding the length: the block is read with the wrong header size.</summary>
    ExtendedLengthBit,

    /// <summary>One attribute's length field changed, its bytes not.</summary>
    AttributeLength,

    /// <summary>MP_REACH_NLRI's Length of Next Hop Network Address changed.</summary>
    MpNextHopLength,

    /// <summary>One EVPN route's Length changed, the NLRI field not (the field's framing breaks).</summary>
    EvpnRouteLength,

    /// <summary>One EVPN route grown or shrunk with its Length and the attribute's length kept consistent (the route's own body is wrong).</summary>
    EvpnRouteLengthFramed,

    /// <summary>One EVPN route's type changed (unknown types included).</summary>
    EvpnRouteType,

    /// <summary>A type-2 route's MAC Address Length or IP Address Length changed.</summary>
    MacIpLengthFields,

    /// <summary>The UPDATE cut short, the header's length following.</summary>
    Truncation,

    /// <summary>One attribute repeated.</summary>
    DuplicateAttribute,

    /// <summary>An attribute of a type evpnd does not know added, with random flags.</summary>
    UnknownAttribute,

    /// <summary>MP_REACH_NLRI / MP_UNREACH_NLRI of a family the session did not negotiate (IPv4/IPv6 unicast, others), well formed or not.</summary>
    FamilyNotNegotiated,

    /// <summary>PMSI_TUNNEL of a type-3 route: length, tunnel type, flags.</summary>
    PmsiTunnel,

    /// <summary>A few random bits of the UPDATE body flipped.</summary>
    BitFlips,
}
