using System.Globalization;
using System.Net;
using System.Text;

namespace Evpnd.KernelSync;

/// <summary>
/// The durable record of the flood entries and remote MACs this daemon installed. The kernel
/// keeps no protocol on bridge/VXLAN FDB entries and an operator's static flooding entries look
/// exactly like ours (REFERENCE.md "Ownership"), so this file, not guesswork, says what is ours.
/// </summary>
/// <remarks>
/// One line per entry, device named by ifindex and name so that an entry of a device since
/// deleted and recreated (whose FDB the kernel dropped) is not taken for one of the new device:
/// <code>
/// flood IFINDEX DEVICE VTEP SOURCE-VNI
/// mac IFINDEX DEVICE BRIDGE-IFINDEX MAC VLAN VTEP STICKY(0|1) SOURCE-VNI
/// </code>
/// Written to a temporary file, flushed to disk and renamed over the old one, so a crash leaves
/// either the old or the new record, never half of one.
/// </remarks>
public sealed class OwnershipStore
{
    private const string FileName = "kernel-ownership.txt";
    private const string Header = "# evpnd KernelSync ownership v1";

    private readonly string _path;

    public OwnershipStore(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        _path = Path.Combine(stateDirectory, FileName);
    }

    public string FilePath => _path;

    public HashSet<FloodEntry> Flood { get; } = [];

    public Dictionary<RemoteMacKey, RemoteMacEntry> Macs { get; } = [];

    /// <summary>
    /// Reads the record, keeping only entries whose device still has the recorded ifindex and
    /// name (<paramref name="links"/> from a link dump).
    /// </summary>
    public void Load(IReadOnlyDictionary<int, LinkRecord> links)
    {
        Flood.Clear();
        Macs.Clear();
        if (!File.Exists(_path))
        {
            return;
        }

        foreach (var line in File.ReadLines(_path))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || fields[0].StartsWith('#'))
            {
                continue;
            }

            if (!int.TryParse(fields[1], CultureInfo.InvariantCulture, out var ifindex)
                || !links.TryGetValue(ifindex, out var link)
                || link.Name != fields[2])
            {
                continue;
            }

            if (fields[0] == "flood" && fields.Length == 5 && IPAddress.TryParse(fields[3], out var vtep))
            {
                Flood.Add(new FloodEntry(ifindex, vtep, uint.Parse(fields[4], CultureInfo.InvariantCulture)));
            }
            else if (fields[0] == "mac" && fields.Length == 9 && IPAddress.TryParse(fields[6], out var remote))
            {
                var entry = new RemoteMacEntry(
                    ifindex,
                    int.Parse(fields[3], CultureInfo.InvariantCulture),
                    MacAddress.Parse(fields[4]),
                    remote,
                    ushort.Parse(fields[5], CultureInfo.InvariantCulture),
                    fields[7] == "1",
                    uint.Parse(fields[8], CultureInfo.InvariantCulture));
                Macs[RemoteMacKey.Of(entry)] = entry;
            }
        }
    }

    public void Save(IReadOnlyDictionary<int, LinkRecord> links)
    {
        var temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            writer.WriteLine(Header);
            foreach (var flood in Flood)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"flood {flood.VxlanIfindex} {NameOf(links, flood.VxlanIfindex)} {flood.RemoteVtep} {flood.SourceVni}\n"));
            }

            foreach (var mac in Macs.Values)
            {
                writer.Write(string.Create(
                    CultureInfo.InvariantCulture,
                    $"mac {mac.VxlanIfindex} {NameOf(links, mac.VxlanIfindex)} {mac.BridgeIfindex} {mac.Mac} {mac.Vlan} {mac.RemoteVtep} {(mac.Sticky ? 1 : 0)} {mac.SourceVni}\n"));
            }

            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
    }

    private static string NameOf(IReadOnlyDictionary<int, LinkRecord> links, int ifindex) =>
        links.TryGetValue(ifindex, out var link) ? link.Name : "-";
}
