using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Evpnd.Daemon.Metrics;

/// <summary>
/// The opt-in Prometheus endpoint (<c>metrics: { address, port }</c>): OpenTelemetry's SDK
/// listens to <see cref="EvpndMetrics"/>'s meter and its stand-alone HttpListener exporter
/// answers <c>GET /metrics</c>. The SDK and the exporter are trim- and AOT-compatible; HttpListener
/// is managed code on Linux, so the native executable keeps it.
/// </summary>
internal sealed class MetricsService(IPEndPoint endpoint, ILogger<MetricsService> logger) : IHostedService
{
    private MeterProvider? _provider;

    /// <summary>The scrape address, e.g. http://127.0.0.1:9179/metrics.</summary>
    public string Url => $"http://{Host(endpoint.Address)}:{endpoint.Port}/metrics";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // HttpListener would only fail on the first scrape; a busy port must stop the start instead.
        using (var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                probe.Bind(endpoint);
            }
            catch (SocketException e)
            {
                throw new StartupException(e.SocketErrorCode switch
                {
                    SocketError.AddressAlreadyInUse => $"cannot serve metrics on {endpoint}: the port is in use; choose another metrics: port",
                    SocketError.AddressNotAvailable => $"cannot serve metrics on {endpoint}: no interface has this address; fix metrics: address",
                    _ => $"cannot serve metrics on {endpoint}: {e.Message}",
                });
            }
        }
        var prefix = $"http://{Host(endpoint.Address)}:{endpoint.Port}/metrics/";
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(EvpndMetrics.MeterName)
            .AddPrometheusHttpListener(o =>
            {
                o.ScrapeEndpointPath = "/metrics";
                o.TargetInfoEnabled = false;
                o.ScopeInfoEnabled = false;
                o.ConfigureHttpListener = (_, listener) =>
                {
                    listener.Prefixes.Clear();
                    listener.Prefixes.Add(prefix);
                };
            })
            .Build();
        logger.LogInformation("metrics for Prometheus at {Url}", Url);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _provider?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>HttpListener's host: "+" for every address, brackets around IPv6.</summary>
    private static string Host(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "+" :
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
