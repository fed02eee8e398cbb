using System.Collections;
using System.Net;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;

namespace Evpnd.Composition;

/// <summary>
/// The hosts added through <see cref="EvpnSpeaker.AddLocalMacAsync"/> on one VNI, as the VNI's
/// static hosts: the EVPN worker learns them again whenever it starts serving the VNI (its device
/// came back). Touched on the EVPN worker's thread only (before the start, by the one caller).
/// Add and remove are O(1): the list is kept dense by moving its last item into a hole.
/// </summary>
internal sealed class LocalHostList : IReadOnlyList<StaticHost>
{
    private readonly List<StaticHost> _hosts = [];
    private readonly Dictionary<StaticHost, int> _index = [];
    private readonly Dictionary<MacAddress, int> _perMac = [];

    public int Count => _hosts.Count;

    public StaticHost this[int index] => _hosts[index];

    /// <summary>False when it was already there.</summary>
    public bool Add(StaticHost host)
    {
        if (!_index.TryAdd(host, _hosts.Count))
        {
            return false;
        }
        _hosts.Add(host);
        _perMac[host.Mac] = _perMac.GetValueOrDefault(host.Mac) + 1;
        return true;
    }

    /// <summary>The MAC with every IP when <paramref name="ip"/> is null, else that binding only; false when absent.</summary>
    public bool Remove(MacAddress mac, IPAddress? ip)
    {
        if (ip is not null)
        {
            return RemoveOne(new StaticHost(mac, ip));
        }
        if (!_perMac.ContainsKey(mac))
        {
            return false;
        }
        for (var i = _hosts.Count - 1; i >= 0 && _perMac.ContainsKey(mac); i--)
        {
            if (i < _hosts.Count && _hosts[i].Mac == mac)
            {
                RemoveOne(_hosts[i]);
            }
        }
        return true;
    }

    public bool Contains(StaticHost host) => _index.ContainsKey(host);

    public IEnumerator<StaticHost> GetEnumerator() => _hosts.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private bool RemoveOne(StaticHost host)
    {
        if (!_index.Remove(host, out var at))
        {
            return false;
        }
        var last = _hosts.Count - 1;
        if (at != last)
        {
            _hosts[at] = _hosts[last];
            _index[_hosts[at]] = at;
        }
        _hosts.RemoveAt(last);
        if (--MacCount(host.Mac) == 0)
        {
            _perMac.Remove(host.Mac);
        }
        return true;
    }

    private ref int MacCount(MacAddress mac) =>
        ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_perMac, mac);
}
