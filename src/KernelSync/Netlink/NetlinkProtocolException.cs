namespace Evpnd.KernelSync.Netlink;

/// <summary>The kernel sent something this client cannot decode (a bug on one side).</summary>
public sealed class NetlinkProtocolException : Exception
{
    public NetlinkProtocolException(string message)
        : base(message)
    {
    }
}
