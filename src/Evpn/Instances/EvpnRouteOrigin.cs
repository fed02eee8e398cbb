namespace Evpnd.Evpn.Instances;

public enum EvpnRouteOrigin
{
    /// <summary>Originated by this speaker.</summary>
    Local,

    /// <summary>Received from a peer and imported into a local VNI.</summary>
    Imported,
}
