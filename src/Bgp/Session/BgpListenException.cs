namespace Evpnd.Bgp.Session;

/// <summary>
/// The listener could not bind. The message is one sentence an operator can act on, e.g.
/// "cannot listen on [::]:179: the port is in use by another process; stop it or set listen.port".
/// </summary>
public sealed class BgpListenException : Exception
{
    public BgpListenException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
