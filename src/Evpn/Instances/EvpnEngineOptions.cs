namespace Evpnd.Evpn.Instances;

public sealed record EvpnEngineOptions
{
    /// <summary>The BGP identifier in host order: the administrator of the auto RD (type 1).</summary>
    public required uint RouterId { get; init; }

    /// <summary>The local AS: its low 16 bits administer the auto RTs.</summary>
    public required uint LocalAs { get; init; }

    public RouteTargetAutoForm RouteTargetAutoForm { get; init; } = RouteTargetAutoForm.AsVni;

    /// <summary>
    /// Auto import RTs match <c>*:VNI</c> (any AS, either auto form), FRR's behaviour that eBGP
    /// fabrics with one AS per leaf need; when off, exactly our own auto RT.
    /// </summary>
    public bool WildcardImport { get; init; } = true;

    public DuplicateAddressDetectionOptions DuplicateDetection { get; init; } = new();

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public IRdIndexStore RdIndexStore { get; init; } = new InMemoryRdIndexStore();
}
