namespace Evpnd.KernelSync.Netlink;

/// <summary>
/// The kernel refused a request: carries the errno and the kernel's extended-ack text
/// (NLMSGERR_ATTR_MSG), which usually names the attribute it disliked.
/// </summary>
public sealed class NetlinkException : Exception
{
    public NetlinkException(string operation, int errno, string? extendedAck)
        : base(Format(operation, errno, extendedAck))
    {
        Operation = operation;
        Errno = errno;
        ExtendedAck = extendedAck;
    }

    public string Operation { get; }

    /// <summary>The positive errno (ENOENT = 2, EEXIST = 17, ...).</summary>
    public int Errno { get; }

    public string? ExtendedAck { get; }

    private static string Format(string operation, int errno, string? extendedAck)
    {
        var text = $"{operation}: errno {errno} ({ErrnoText.Describe(errno)})";
        return extendedAck is null ? text : $"{text}: {extendedAck}";
    }
}
