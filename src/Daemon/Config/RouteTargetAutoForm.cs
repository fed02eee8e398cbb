namespace Evpnd.Daemon.Config;

/// <summary>The form of an auto-derived route target.</summary>
internal enum RouteTargetAutoForm
{
    /// <summary>(AS &amp; 0xFFFF):VNI, a 2-byte-AS route target, as FRR derives it.</summary>
    Frr,

    /// <summary>RFC 8365 s5.1.2.1: local administrator 0x10000000 | VNI (A=0, type 1 = VXLAN).</summary>
    Rfc8365,
}
