using System.Text.Json.Serialization;

namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>`neighborCapabilities` of FRR 8.4's `show bgp neighbors json`.</summary>
public sealed record FrrNeighborCapabilities
{
    /// <summary>"advertised", "received" or "advertisedAndReceived".</summary>
    [JsonPropertyName("4byteAs")]
    public string? FourOctetAs { get; init; }

    public string? RouteRefresh { get; init; }

    /// <summary>Keyed by FRR's family name, e.g. "l2VpnEvpn".</summary>
    public Dictionary<string, FrrAfiCapability> MultiprotocolExtensions { get; init; } = [];
}
