using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Session;
using Evpnd.Evpn.Worker;
using Evpnd.Composition;
using Evpnd.Daemon.Config;
using Evpnd.Daemon.Control;
using Evpnd.Daemon.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Evpnd.Daemon.Hosting;

/// <summary>
/// `evpnd run`: loads the configuration, composes the engines in one generic host and runs it in
/// the foreground until SIGTERM/SIGINT. Errors an operator can fix are one line on stderr and a
/// non-zero exit code, never a stack trace.
/// </summary>
internal static class DaemonRunner
{
    public const int ExitConfigError = 2;
    public const int ExitStartupError = 1;

    public static async Task<int> RunAsync(string configPath, string? logFormat, TextWriter stderr)
    {
        // First: a SIGHUP while the daemon starts must not end it (the default action).
        using var hangup = new HangupSignal();
        EvpndConfig config;
        try
        {
            config = ConfigLoader.Load(configPath);
        }
        catch (ConfigException e)
        {
            stderr.WriteLine(e.Message);
            return ExitConfigError;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "evpnd",
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Logging.ClearProviders();
        // Everything reaches the switch, which `evpnd log-level` turns while the daemon runs.
        var logLevel = new LogLevelSwitch(config.LogLevel);
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddFilter((_, _, level) => logLevel.IsEnabled(level));
        // The host's own start-up chatter (content root, environment) means nothing to an operator.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // A failed start is reported below as one sentence; the host would log it again with a trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        if (logFormat == "json")
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        }
        else if (logFormat == "journal" || (logFormat is null && JournalStream.IsStderr()))
        {
            // "<6>category message": the journal keeps the time and maps the prefix to PRIORITY=.
            builder.Logging.AddSystemdConsole();
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
        // Logs go to stderr so that stdout stays free for anything a wrapper may parse.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(logLevel);
        builder.Services.AddSingleton<ReadinessGate>();
        Compose(builder.Services, config);
        builder.Services.AddSingleton(sp => new ConfigReloader(configPath, config, sp.GetRequiredService<BgpSpeaker>(), sp.GetRequiredService<EvpnWorker>(),
            logLevel, sp.GetRequiredService<ILogger<ConfigReloader>>()));
        builder.Services.AddSingleton<IControlHandler, ReloadControlHandler>();
        builder.Services.AddSingleton<IControlHandler>(sp => new NeighborClearControlHandler(sp.GetRequiredService<BgpSpeaker>()));
        builder.Services.AddSingleton(hangup);
        builder.Services.AddHostedService<ReloadSignalService>();

        using var host = builder.Build();
        try
        {
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (Unwrap(e) is StartupException startup)
        {
            stderr.WriteLine($"evpnd: {startup.Message}");
            return ExitStartupError;
        }
    }

    /// <summary>
    /// The engines and the channels between them. Hosted services start in this order and stop in
    /// the reverse: the kernel worker stops first, so that the withdrawals a shutdown causes (our
    /// Cease takes every session down) never reach the kernel, and the forwarding state survives
    /// a restart; the next start reconciles it after its grace period.
    /// </summary>
    private static void Compose(IServiceCollection services, EvpndConfig config)
    {
        // One composition: the engines and their channels are the embeddable speaker's; the
        // services below run its workers in the host's start and stop order.
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            return new EvpnSpeaker(new EvpnSpeakerSettings
            {
                Bgp = config.Bgp,
                Evpn = EvpnConfigMapping.WorkerOptions(config, time, loggers.CreateLogger<EvpnWorker>()),
                StateDirectory = config.StateDir,
                TimeProvider = time,
                LoggerFactory = loggers,
                KernelLogger = sp.GetRequiredService<ILogger<KernelService>>(),
                // Resolved when the kernel worker starts: the metrics are built from the speaker.
                KernelEvents = events => new KernelReadinessWriter(events, sp.GetRequiredService<ReadinessGate>(), sp.GetService<EvpndMetrics>()),
                RemoteMacsInstalled = () => sp.GetService<EvpndMetrics>() is { } metrics ? metrics.RemoteMacsInstalled : null,
            });
        });
        services.AddSingleton(sp => sp.GetRequiredService<EvpnSpeaker>().Rib);
        services.AddSingleton(sp => sp.GetRequiredService<EvpnSpeaker>().Bgp);
        services.AddSingleton(sp => sp.GetRequiredService<EvpnSpeaker>().Evpn);
        services.AddSingleton(sp => new EvpnService(sp.GetRequiredService<EvpnSpeaker>()));

        services.AddHostedService<RibService>();
        services.AddHostedService(sp => sp.GetRequiredService<EvpnService>());
        services.AddHostedService<BgpService>();
        // Before the control socket: a daemon that answers the CLI serves its metrics too.
        if (config.Metrics is { } metrics)
        {
            services.AddSingleton(sp => new EvpndMetrics(sp.GetRequiredService<BgpSpeaker>().GetNeighbors, sp.GetRequiredService<EvpnWorker>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<EvpnSpeaker>().AskKernelAsync));
            services.AddHostedService(sp =>
            {
                // The meter exists before the listener that exports it.
                sp.GetRequiredService<EvpndMetrics>();
                return new MetricsService(metrics, sp.GetRequiredService<ILogger<MetricsService>>());
            });
        }
        services.AddSingleton<IControlHandler>(sp => new NeighborControlHandler(BgpService.RouterIdText(config.Bgp.RouterId),
            config.Bgp.LocalAs, NeighborRestartState.Neighbors(sp.GetRequiredService<BgpSpeaker>(), sp.GetRequiredService<RibWorker>(), sp.GetRequiredService<TimeProvider>())));
        services.AddSingleton<IControlHandler>(sp => new EvpnControlHandler(sp.GetRequiredService<EvpnWorker>(),
            new ImportTargetFormat(config.Evpn.ImportWildcardAs, config.Bgp.LocalAs, config.Evpn.RtAutoForm == Evpn.Instances.RouteTargetAutoForm.Rfc8365),
            peer => sp.GetRequiredService<RibWorker>().RestartStatus(peer) is { StaleRoutes: > 0 }));
        services.AddHostedService(sp => new ControlServer(config.ControlSocket, sp.GetServices<IControlHandler>(), sp.GetRequiredService<ILogger<ControlServer>>(),
            new ControlAccess(config.ControlSocketGroup, config.ControlSocketReadOnlyGroup, UnixAccounts.EffectiveUid)));
        services.AddHostedService<KernelService>();
        services.AddSingleton<IControlHandler>(sp => new KernelControlHandler(sp.GetRequiredService<EvpnSpeaker>().AskKernelAsync));
        services.AddSingleton<IControlHandler>(sp => new LogLevelControlHandler(sp.GetRequiredService<LogLevelSwitch>(), sp.GetRequiredService<ILogger<LogLevelControlHandler>>()));
        // Last: it starts once everything above has started (listener bound), and stops first (STOPPING=1).
        services.AddHostedService(sp => new SystemdNotifierService(sp.GetRequiredService<ReadinessGate>(), new SystemdNotifier(),
            [new WorkerProbe("evpn", ct => sp.GetRequiredService<EvpnWorker>().CallAsync(_ => 0, ct))],
            sp.GetRequiredService<ILogger<SystemdNotifierService>>(), sp.GetRequiredService<TimeProvider>()));
    }

    private static Exception Unwrap(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : e;
}
