using System.Globalization;
using System.Text;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// An <see cref="IRdIndexStore"/> kept in a small text file (one "VNI INDEX" line per VNI), so that
/// a VNI keeps its auto RD across restarts. The file is rewritten whole through a temporary file
/// and a rename, so a crash leaves either the old table or the new one, never half of one.
/// </summary>
public sealed class FileRdIndexStore : IRdIndexStore
{
    private readonly string _path;
    private readonly RdIndexAllocator _allocator = new();

    public FileRdIndexStore(string path)
    {
        _path = path;
        if (File.Exists(path))
        {
            Load(File.ReadAllLines(path));
        }
    }

    public string Path => _path;

    public ushort GetOrAssign(Vni vni)
    {
        if (_allocator.TryGet(vni, out ushort index))
        {
            return index;
        }
        index = _allocator.Assign(vni);
        Save();
        return index;
    }

    private void Load(string[] lines)
    {
        foreach (string line in lines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // A line we cannot read (or a duplicate) is dropped rather than failing the daemon: the
            // VNI then gets a fresh index, which costs one RD change, not an outage.
            if (parts.Length == 2 &&
                uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint vni) &&
                ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ushort index))
            {
                _allocator.TryAdd(vni, index);
            }
        }
    }

    private void Save()
    {
        var text = new StringBuilder("# evpnd auto RD indexes: VNI INDEX (RD = router-id:INDEX)\n");
        foreach (var (vni, index) in _allocator.Assignments.OrderBy(a => a.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"{vni} {index}\n");
        }
        StateFile.WriteAtomically(_path, text.ToString());
    }
}
