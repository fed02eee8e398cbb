using System.Globalization;
using System.Text;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// An <see cref="ILocalSequenceStore"/> in a small text file (one "VNI MAC SEQUENCE" line per
/// local MAC that moved here), rewritten whole through a temporary file and a rename when it
/// changed, so that a crash leaves the old table or the new one. A line that cannot be read is
/// dropped: that MAC is advertised with sequence 0 again, as before this file existed.
/// </summary>
public sealed class FileLocalSequenceStore : ILocalSequenceStore
{
    private readonly string _path;
    private readonly Dictionary<(Vni, MacAddress), uint> _sequences = [];
    private bool _changed;

    public FileLocalSequenceStore(string path)
    {
        _path = path;
        if (File.Exists(path))
        {
            foreach (string line in File.ReadAllLines(path))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length == 3 &&
                    uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint vni) &&
                    MacAddress.TryParse(parts[1], out var mac) &&
                    uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint sequence) && sequence > 0)
                {
                    _sequences[(new Vni(vni), mac)] = sequence;
                }
            }
        }
    }

    public uint Recall(Vni vni, MacAddress mac) => _sequences.GetValueOrDefault((vni, mac));

    public void Remember(Vni vni, MacAddress mac, uint sequence)
    {
        _changed |= sequence == 0 ? _sequences.Remove((vni, mac)) : _sequences.GetValueOrDefault((vni, mac)) != sequence;
        if (sequence > 0)
        {
            _sequences[(vni, mac)] = sequence;
        }
    }

    public void Save()
    {
        if (!_changed)
        {
            return;
        }
        _changed = false;
        var text = new StringBuilder("# evpnd local MAC mobility sequences (RFC 7432 s15): VNI MAC SEQUENCE\n");
        foreach (var ((vni, mac), sequence) in _sequences.OrderBy(s => s.Key.Item1.Value).ThenBy(s => s.Key.Item2.Value))
        {
            text.Append(CultureInfo.InvariantCulture, $"{vni.Value} {mac} {sequence}\n");
        }
        StateFile.WriteAtomically(_path, text.ToString());
    }
}
