namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>`messageStats` of FRR 8.4's `show bgp neighbors json`.</summary>
public sealed record FrrMessageStats
{
    public long OpensSent { get; init; }

    public long OpensRecv { get; init; }

    public long NotificationsSent { get; init; }

    public long NotificationsRecv { get; init; }

    public long UpdatesSent { get; init; }

    public long UpdatesRecv { get; init; }

    public long KeepalivesSent { get; init; }

    public long KeepalivesRecv { get; init; }

    public long RouteRefreshSent { get; init; }

    public long RouteRefreshRecv { get; init; }

    public long TotalSent { get; init; }

    public long TotalRecv { get; init; }
}
