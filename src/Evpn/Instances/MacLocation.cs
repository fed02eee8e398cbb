using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>Where a MAC is: nowhere, on a local port, or behind a remote VTEP.</summary>
internal readonly record struct MacLocation(bool IsLocal, IpAddressValue RemoteVtep)
{
    public static readonly MacLocation Nowhere = default;

    public static readonly MacLocation Local = new(true, default);

    public bool IsKnown => IsLocal || !RemoteVtep.IsNone;
}
