using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Evpnd.KernelSync;

namespace Evpnd.Evpn;

/// <summary>
/// What a VNI imports: one exact route target; <c>*:NN</c>, any administrator with local
/// administrator NN (FRR's wildcard); or the auto-derived RT of a VNI whatever the administrator
/// and whichever auto form (FRR's default for eBGP fabrics where every leaf has its own AS).
/// </summary>
public readonly record struct ImportRouteTarget
{
    private const uint Rfc8365AutoFlag = 0x1000_0000;

    private ImportRouteTarget(ImportRouteTargetKind kind, RouteTarget exact, uint localAdministrator)
    {
        Kind = kind;
        Exact = exact;
        LocalAdministrator = localAdministrator;
    }

    public ImportRouteTargetKind Kind { get; }

    /// <summary>The route target for <see cref="ImportRouteTargetKind.Exact"/>.</summary>
    public RouteTarget Exact { get; }

    /// <summary>NN for <see cref="ImportRouteTargetKind.AnyAs"/>; the VNI for <see cref="ImportRouteTargetKind.AutoDerived"/>.</summary>
    public uint LocalAdministrator { get; }

    public static ImportRouteTarget ExactlyThis(RouteTarget routeTarget) => new(ImportRouteTargetKind.Exact, routeTarget, 0);

    public static ImportRouteTarget AnyAs(uint localAdministrator) => new(ImportRouteTargetKind.AnyAs, default, localAdministrator);

    public static ImportRouteTarget AutoDerived(Vni vni) => new(ImportRouteTargetKind.AutoDerived, default, vni.Value);

    /// <summary>
    /// Wildcard and auto import look at the local administrator alone, whatever the global one and
    /// whichever of the three forms (2-octet AS, IPv4, 4-octet AS): FRR masks the global
    /// administrator of all three before it looks an RT up (<c>mask_ecom_global_admin</c>), so a
    /// fabric of 4-octet ASes (<c>4200000001:100</c>) is imported as one of 2-octet ASes is. The
    /// 2-octet AS form may also carry the RFC 8365 s5.1.2.1 auto form (<c>0x10000000 | VNI</c>).
    /// </summary>
    public bool Matches(RouteTarget routeTarget) => Kind switch
    {
        ImportRouteTargetKind.Exact => routeTarget == Exact,
        ImportRouteTargetKind.AnyAs => routeTarget.LocalAdministrator == LocalAdministrator,
        _ => routeTarget.LocalAdministrator == LocalAdministrator ||
            (routeTarget.Type == 0x00 && routeTarget.LocalAdministrator == (Rfc8365AutoFlag | LocalAdministrator)),
    };

    /// <summary>
    /// What the import matches, in words for <c>show evpn vni</c>: an exact RT as it is written;
    /// <c>*:NN</c> and auto with the administrators they accept (auto is both of its forms).
    /// </summary>
    public string Describe() => Kind switch
    {
        ImportRouteTargetKind.Exact => Exact.ToString(),
        ImportRouteTargetKind.AnyAs => string.Create(CultureInfo.InvariantCulture, $"*:{LocalAdministrator} ({AnyAdministrator(LocalAdministrator)})"),
        _ => string.Create(CultureInfo.InvariantCulture,
            $"*:{LocalAdministrator} or *:{Rfc8365AutoFlag | LocalAdministrator} (auto: {AnyAdministrator(LocalAdministrator)})"),
    };

    // Only the 2-octet AS form has a 4-octet local administrator; the IPv4 and 4-octet AS forms have 2.
    private static string AnyAdministrator(uint localAdministrator) =>
        localAdministrator <= ushort.MaxValue ? "any AS or IPv4 administrator" : "any 2-octet AS";

    /// <summary>Parses <c>ASN:NN</c>, <c>A.B.C.D:NN</c> or <c>*:NN</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ImportRouteTarget importRouteTarget)
    {
        importRouteTarget = default;
        if (text is not null && text.StartsWith("*:", StringComparison.Ordinal))
        {
            if (!uint.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out uint local))
            {
                return false;
            }
            importRouteTarget = AnyAs(local);
            return true;
        }
        if (!RouteTarget.TryParse(text, out var exact))
        {
            return false;
        }
        importRouteTarget = ExactlyThis(exact);
        return true;
    }

    public static ImportRouteTarget Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not an import route target (ASN:NN, A.B.C.D:NN or *:NN).");

    public override string ToString() => Kind switch
    {
        ImportRouteTargetKind.Exact => Exact.ToString(),
        ImportRouteTargetKind.AnyAs => string.Create(CultureInfo.InvariantCulture, $"*:{LocalAdministrator}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"auto:{LocalAdministrator}"),
    };
}
