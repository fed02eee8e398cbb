namespace Evpnd.Daemon.Hosting;

/// <summary>What this process may do to the kernel: CAP_NET_ADMIN in its effective set (capabilities(7)).</summary>
internal static class Privileges
{
    /// <summary>True when /proc/self/status shows CAP_NET_ADMIN effective (root has it unless dropped).</summary>
    public static bool HasNetAdmin() => Composition.NetAdminCapability.Effective();

    public const string MissingNetAdmin =
        "evpnd lacks CAP_NET_ADMIN: it speaks BGP but cannot program VXLAN forwarding entries; run it as root or grant CAP_NET_ADMIN (AmbientCapabilities=CAP_NET_ADMIN in its systemd unit)";
}
