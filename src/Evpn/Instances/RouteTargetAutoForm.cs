namespace Evpnd.Evpn.Instances;

/// <summary>How an auto-derived route target spells the VNI.</summary>
public enum RouteTargetAutoForm
{
    /// <summary>(AS &amp; 0xFFFF):VNI, as FRR derives it.</summary>
    AsVni,

    /// <summary>RFC 8365 s5.1.2.1: (AS &amp; 0xFFFF):(0x10000000 | VNI), A=0, type 1 (VXLAN).</summary>
    Rfc8365,
}
