using System.Net;
using Evpnd.KernelSync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evpnd.Examples.Embedded;

/// <summary>
/// Keeps the speaker's local hosts equal to the registry file: reads it at start, and again after
/// every change (inotify through <see cref="FileSystemWatcher"/>, settled for a moment so that a
/// write in several steps is read once, and a poll of its timestamp in case an event is lost),
/// then adds and removes only the difference. A file that does not parse is logged and skipped:
/// the hosts stay as they were until a good one is written.
/// </summary>
internal sealed class RegistryWatcher(EvpnSpeaker speaker, HostSettings settings, ILogger<RegistryWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _changed = new(0);
    private Dictionary<MacAddress, IReadOnlySet<IPAddress>> _applied = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = Path.GetFullPath(settings.RegistryPath);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => _changed.Release();
        watcher.Created += (_, _) => _changed.Release();
        watcher.Renamed += (_, _) => _changed.Release();
        watcher.Deleted += (_, _) => _changed.Release();
        watcher.EnableRaisingEvents = true;

        var stamp = Stamp(path);
        await ApplyAsync(path, stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            var signalled = await _changed.WaitAsync(s_poll, stoppingToken).ConfigureAwait(false);
            if (signalled)
            {
                // Let a burst of events (truncate, write, rename) settle, then read once.
                await Task.Delay(s_settle, stoppingToken).ConfigureAwait(false);
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            var now = Stamp(path);
            if (signalled || now != stamp)
            {
                stamp = now;
                await ApplyAsync(path, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private static (DateTime, long) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
    }

    private async Task ApplyAsync(string path, CancellationToken cancellationToken)
    {
        Registry registry;
        try
        {
            registry = Registry.Read(path);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            logger.LogError("registry not applied, the hosts stay as they were: {Error}", e.Message);
            return;
        }
        if (registry.Vni != settings.Vni)
        {
            logger.LogError("registry {Path} is for VNI {Vni}, this host serves VNI {Served}; not applied", path, registry.Vni, settings.Vni);
            return;
        }

        var vni = new Vni(settings.Vni);
        int added = 0, removed = 0;
        foreach (var (mac, ips) in _applied)
        {
            if (!registry.Hosts.TryGetValue(mac, out var wanted))
            {
                // The MAC and every IP it had.
                await speaker.RemoveLocalMacAsync(vni, mac, null, cancellationToken).ConfigureAwait(false);
                removed++;
                continue;
            }
            foreach (var ip in ips.Where(ip => !wanted.Contains(ip)))
            {
                await speaker.RemoveLocalMacAsync(vni, mac, ip, cancellationToken).ConfigureAwait(false);
                removed++;
            }
        }
        foreach (var (mac, ips) in registry.Hosts)
        {
            _applied.TryGetValue(mac, out var had);
            if (had is null)
            {
                await speaker.AddLocalMacAsync(vni, mac, null, cancellationToken).ConfigureAwait(false);
                added++;
            }
            foreach (var ip in ips.Where(ip => had is null || !had.Contains(ip)))
            {
                await speaker.AddLocalMacAsync(vni, mac, ip, cancellationToken).ConfigureAwait(false);
                added++;
            }
        }
        _applied = new Dictionary<MacAddress, IReadOnlySet<IPAddress>>(registry.Hosts);
        logger.LogInformation("registry applied: {Macs} MAC(s) on VNI {Vni}, {Added} added, {Removed} removed", registry.Hosts.Count, vni, added, removed);
    }
}
