using Evpnd.Evpn.Tests.Vectors;
using Evpnd.Evpn.Wire;

namespace Evpnd.Evpn.Tests.Wire;

/// <summary>Picks a decoded route out of a captured UPDATE chosen by tshark's description.</summary>
internal static class CapturedRoutes
{
    public static T Announced<T>(string file, string direction, Func<T, bool> which, params string[] fragments)
        where T : EvpnRoute
    {
        var message = CapturedVectors.Find(file, direction, fragments);
        var nlri = EvpnUpdateParts.Of(message).ReachNlri;
        Assert.That(nlri, Is.Not.Null, $"{message} has no EVPN MP_REACH_NLRI");
        var route = EvpnNlri.Decode(nlri).Routes.OfType<T>().FirstOrDefault(which);
        Assert.That(route, Is.Not.Null, $"{message} has no such {typeof(T).Name}");
        return route!;
    }
}
