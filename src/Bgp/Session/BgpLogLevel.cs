namespace Evpnd.Bgp.Session;

/// <summary>Severity of a session log line; maps one to one onto Microsoft.Extensions.Logging levels.</summary>
public enum BgpLogLevel
{
    Debug,
    Information,
    Warning,
    Error,
}
