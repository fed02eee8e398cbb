using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Evpnd.KernelSync;

namespace Evpnd.Evpn;

/// <summary>
/// What a VNI imports: one exact route target; <c>*:NN</c>, any AS with local administrator NN
/// (FRR's wildcard); or the auto-derived RT of a VNI whatever the AS and whichever auto form
/// (FRR's default for eBGP fabrics where every leaf has its own AS).
/// </summary>
public readonly record struct ImportRouteTarget
{
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

    public bool Matches(RouteTarget routeTarget) => Kind switch
    {
        ImportRouteTargetKind.Exact => routeTarget == Exact,
        // AS-based forms only: an IPv4-administered RT names a router, not an AS.
        ImportRouteTargetKind.AnyAs => routeTarget.Type is 0x00 or 0x02 && routeTarget.LocalAdministrator == LocalAdministrator,
        _ => routeTarget.TryGetAutoDerivedVni(out var vni) && vni.Value == LocalAdministrator,
    };

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
