namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>FRR's view of one multiprotocol family in `neighborCapabilities.multiprotocolExtensions`.</summary>
public sealed record FrrAfiCapability
{
    public bool Advertised { get; init; }

    public bool Received { get; init; }

    public bool AdvertisedAndReceived { get; init; }
}
