using Evpnd;
using Evpnd.Examples.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

// A platform that knows its hosts (a container registry, a VM manager) embeds evpnd: the
// registry file says which MACs live here, the speaker advertises them and installs the MACs
// the other VTEPs advertise. SIGTERM stops it (kernel entries kept for the next start).
HostSettings settings;
try
{
    settings = HostSettings.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"embedded: {e.Message}");
    return 2;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "evpnd-embedded" });
builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
    o.ColorBehavior = LoggerColorBehavior.Disabled;
});
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(sp => new EvpnSpeaker(settings.SpeakerOptions(sp.GetRequiredService<ILoggerFactory>())));
// The speaker first: it starts before the registry is read, and stops after the watcher.
builder.Services.AddHostedService<SpeakerService>();
builder.Services.AddHostedService<RegistryWatcher>();
using var host = builder.Build();
await host.RunAsync();
return Environment.ExitCode;
