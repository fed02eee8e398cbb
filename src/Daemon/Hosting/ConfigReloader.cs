using Evpnd.Bgp.Session;
using Evpnd.Daemon.Config;
using Evpnd.Daemon.Control;
using Evpnd.KernelSync;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Hosting;

/// <summary>
/// `evpnd reload` and SIGHUP: reads the configuration file again and applies what changed as a
/// difference (neighbors by the session engine, VNIs by the EVPN worker, the log level). A file
/// with any error, or one that changes a setting only a restart can change, is refused whole
/// and the running state stays as it was. One reload at a time.
/// </summary>
internal sealed class ConfigReloader(string path, EvpndConfig initial, BgpSpeaker speaker, Evpn.Worker.EvpnWorker evpn, LogLevelSwitch logLevel,
    ILogger<ConfigReloader> logger)
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private EvpndConfig _running = initial;

    public string Path => path;

    /// <exception cref="ConfigException">The file could not be read or has problems; nothing changed.</exception>
    public async Task<ReloadResult> ReloadAsync(string trigger, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EvpndConfig next;
            try
            {
                next = ConfigLoader.Load(path, (config, root, errors) => RestartOnlySettings.Check(_running, config, root, errors));
            }
            catch (ConfigException e)
            {
                logger.LogError("reload ({Trigger}) refused, the running configuration stays: {Errors}", trigger, e.Message.Replace("\n", "; ", StringComparison.Ordinal));
                throw;
            }
            var before = _running.Evpn.Vnis.ToDictionary(v => v.Vni);
            var after = next.Evpn.Vnis.ToDictionary(v => v.Vni);
            List<uint> added = [.. after.Keys.Where(v => !before.ContainsKey(v))];
            List<uint> removed = [.. before.Keys.Where(v => !after.ContainsKey(v))];
            List<uint> changed = [.. after.Values.Where(v => before.TryGetValue(v.Vni, out var old) && !old.SameAs(v)).Select(v => v.Vni)];

            var neighbors = await speaker.ReconfigureAsync(next.Bgp.Neighbors).ConfigureAwait(false);
            await evpn.ReconfigureAsync(EvpnConfigMapping.ConfiguredVnis(next), [.. added.Concat(removed).Concat(changed).Select(v => new Vni(v))], cancellationToken).ConfigureAwait(false);
            if (next.LogLevel != _running.LogLevel)
            {
                logLevel.Minimum = next.LogLevel;
            }
            _running = next;

            var result = new ReloadResult(
                [.. neighbors.Added.Select(a => a.ToString())], [.. neighbors.Removed.Select(a => a.ToString())],
                [.. neighbors.Reset.Select(a => a.ToString())], next.Bgp.Neighbors.Length - neighbors.Added.Count - neighbors.Reset.Count,
                added, removed, changed);
            logger.LogInformation("reloaded {Path} ({Trigger}): {Summary}", path, trigger, result.Summary());
            return result;
        }
        finally
        {
            _one.Release();
        }
    }
}
