using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using static Evpnd.KernelSync.Interop.Interop.Libc;

namespace Evpnd.KernelSync;

/// <summary>
/// The durable record of the flood entries and remote MACs this daemon installed. The kernel
/// keeps no protocol on bridge/VXLAN FDB entries and an operator's static flooding entries look
/// exactly like ours (REFERENCE.md "Ownership"), so this file, not guesswork, says what is ours.
/// </summary>
/// <remarks>
/// Two files. The snapshot holds one line per entry, device named by ifindex and name so that an
/// entry of a device since deleted and recreated (whose FDB the kernel dropped) is not taken for
/// one of the new device:
/// <code>
/// # evpnd KernelSync ownership v1 generation G
/// flood IFINDEX DEVICE VTEP SOURCE-VNI
/// mac IFINDEX DEVICE BRIDGE-IFINDEX MAC VLAN VTEP STICKY(0|1) SOURCE-VNI
/// </code>
/// It is written to a temporary file, flushed to disk and renamed over the old one (the
/// directory flushed too), so a crash leaves either the old or the new snapshot, never half of
/// one. Between snapshots the changes are appended to a journal, the same lines prefixed with
/// '+' (now ours) or '-' (no longer ours), under a header naming the snapshot generation it
/// follows; a journal of another generation is stale (a crash between a snapshot and the next
/// journal) and ignored. A torn last line (no newline) is cut off when the journal is loaded.
/// Durability, as <see cref="KernelReconciler"/> uses it: '+' lines are on disk before the kernel
/// is asked to install (an installed entry we did not record would never be removed: a leak);
/// '-' lines are written after the kernel removed the entry and reach the disk with the next
/// '+' flush or snapshot (losing one only leaves an entry recorded as ours that the kernel no
/// longer holds, which the next reconcile drops from the record).
/// </remarks>
public sealed class OwnershipStore : IDisposable
{
    private const string FileName = "kernel-ownership.txt";
    private const string JournalFileName = "kernel-ownership.journal";
    private const string Header = "# evpnd KernelSync ownership v1";
    private const string JournalHeader = "# evpnd KernelSync ownership journal v1";
    private const string GenerationField = "generation";

    private readonly string _directory;
    private readonly string _path;
    private readonly string _journalPath;
    private long _generation;
    // One buffer for the journal and the snapshot (never open at once), encoded into in place:
    // appending a record line allocates nothing, and a snapshot allocates no buffers of its own.
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _buffered;
    private FileStream? _journalStream;
    private long _journalLines;
    private bool _unsynced;
    // The VTEP addresses of the lines loaded, by their text: one object each (see Apply).
    private readonly Dictionary<string, IPAddress> _vteps = new(StringComparer.Ordinal);

    public OwnershipStore(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        _directory = stateDirectory;
        _path = Path.Combine(stateDirectory, FileName);
        _journalPath = Path.Combine(stateDirectory, JournalFileName);
    }

    public string FilePath => _path;

    public string JournalPath => _journalPath;

    public HashSet<FloodEntry> Flood { get; } = [];

    public Dictionary<RemoteMacKey, OwnedMac> Macs { get; } = [];

    /// <summary>The VTEPs the recorded MACs are behind, each held once; <see cref="OwnedMac"/> names them by index.</summary>
    internal VtepTable Vteps { get; } = new();

    /// <summary>The recorded remote MACs as whole entries.</summary>
    public IEnumerable<RemoteMacEntry> MacEntries => Macs.Select(m => m.Value.ToEntry(m.Key, Vteps));

    /// <summary>Records <paramref name="entry"/> as ours.</summary>
    public void Own(in RemoteMacEntry entry) => Macs[RemoteMacKey.Of(entry)] = OwnedMac.Of(entry, Vteps);

    /// <summary>
    /// Journal lines since the last snapshot. Past a few times the live set the next snapshot is
    /// due (<see cref="CompactionDue"/>): replaying the journal at start stays proportional to it.
    /// </summary>
    public long JournalLines => _journalLines;

    /// <summary>
    /// Lines of the last <see cref="Load"/> that were not a valid record (a damaged disk or a hand
    /// edit, not a torn tail): skipped. The files were then moved aside (<see cref="SetAsidePath"/>),
    /// so that the next snapshot starts a clean record.
    /// </summary>
    public int DamagedLines { get; private set; }

    /// <summary>Where the damaged snapshot was moved by the last <see cref="Load"/>; null when it was sound.</summary>
    public string? SetAsidePath { get; private set; }

    public bool CompactionDue => _journalLines > (2L * (Flood.Count + Macs.Count)) + 4096;

    /// <summary>
    /// Reads the snapshot and the journal that follows it, keeping only entries whose device still
    /// has the recorded ifindex and name (<paramref name="links"/> from a link dump).
    /// </summary>
    public void Load(IReadOnlyDictionary<int, LinkRecord> links)
    {
        CloseJournal();
        Flood.Clear();
        Macs.Clear();
        _generation = 0;
        _journalLines = 0;
        DamagedLines = 0;
        SetAsidePath = null;
        if (File.Exists(_path))
        {
            // Sized once from the file (a MAC line of an IPv4 VTEP is about 50 bytes): a million
            // lines fill a table of about a million slots, not the 1.4 million of its doublings.
            Macs.EnsureCapacity((int)Math.Min(new FileInfo(_path).Length / 48, 64_000_000));
            foreach (var line in File.ReadLines(_path))
            {
                if (line.StartsWith('#'))
                {
                    _generation = GenerationOf(line, Header) ?? _generation;
                    continue;
                }

                if (!Apply(line, links, add: true))
                {
                    DamagedLines++;
                }
            }
        }

        if (File.Exists(_journalPath))
        {
            LoadJournal(links);
        }

        if (DamagedLines > 0)
        {
            SetAside();
        }
    }

    private void LoadJournal(IReadOnlyDictionary<int, LinkRecord> links)
    {
        TrimTornTail(_journalPath);
        var first = true;
        foreach (var line in File.ReadLines(_journalPath))
        {
            if (first)
            {
                first = false;
                if (GenerationOf(line, JournalHeader) != _generation)
                {
                    // Written before the snapshot we just read: already in it.
                    return;
                }

                continue;
            }

            _journalLines++;
            if (line.Length < 2 || (line[0] != '+' && line[0] != '-') || !Apply(line.AsSpan(1), links, add: line[0] == '+'))
            {
                DamagedLines++;
            }
        }
    }

    /// <summary>
    /// Keeps the damaged files for a post-mortem (renamed with the time) and starts the journal of
    /// a new generation, so that the damage is never read again.
    /// </summary>
    private void SetAside()
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture);
        var aside = $"{_path}.damaged-{stamp}";
        if (File.Exists(_path))
        {
            File.Move(_path, aside, overwrite: true);
        }

        if (File.Exists(_journalPath))
        {
            File.Move(_journalPath, $"{_journalPath}.damaged-{stamp}", overwrite: true);
        }

        SetAsidePath = aside;
        _generation++;
        _journalLines = 0;
    }

    /// <summary>Writes a new snapshot of <see cref="Flood"/> and <see cref="Macs"/>; the journal starts over.</summary>
    public void Save(IReadOnlyDictionary<int, LinkRecord> links)
    {
        CloseJournal();
        var generation = _generation + 1;
        var temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            Write(stream, string.Create(CultureInfo.InvariantCulture, $"{Header} {GenerationField} {generation}\n"));
            Span<char> line = stackalloc char[MaxLineLength];
            foreach (var flood in Flood)
            {
                Write(stream, line[..Format(line, null, flood, links)]);
            }

            foreach (var (key, owned) in Macs)
            {
                Write(stream, line[..Format(line, null, owned.ToEntry(key, Vteps), links)]);
            }

            WriteBuffered(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
        // The rename must be on disk before the next journal (of this generation) replaces the
        // old one, or a crash could leave the old snapshot with the new, shorter journal.
        SyncDirectory();
        _generation = generation;
        _journalLines = 0;
    }

    /// <summary>Appends "+entry" (ours from now on) to the journal; on disk after <see cref="SyncJournal"/>.</summary>
    public void JournalAdded(in RemoteMacEntry entry, IReadOnlyDictionary<int, LinkRecord> links) => AppendMac('+', entry, links);

    /// <summary>Appends "-entry" (no longer ours) to the journal.</summary>
    public void JournalRemoved(in RemoteMacEntry entry, IReadOnlyDictionary<int, LinkRecord> links) => AppendMac('-', entry, links);

    public void JournalAdded(in FloodEntry entry, IReadOnlyDictionary<int, LinkRecord> links) => AppendFlood('+', entry, links);

    public void JournalRemoved(in FloodEntry entry, IReadOnlyDictionary<int, LinkRecord> links) => AppendFlood('-', entry, links);

    /// <summary>
    /// Writes the journal lines appended so far to the file and, when <paramref name="toDisk"/>,
    /// waits until they are on disk (one fsync, whatever the number of lines).
    /// </summary>
    public void SyncJournal(bool toDisk)
    {
        if (_journalStream is null)
        {
            return;
        }

        WriteBuffered(_journalStream);
        if (toDisk && _unsynced)
        {
            _journalStream.Flush(flushToDisk: true);
            _unsynced = false;
        }
    }

    public void Dispose() => CloseJournal();

    private const int MaxLineLength = 192;

    private void AppendMac(char sign, in RemoteMacEntry entry, IReadOnlyDictionary<int, LinkRecord> links)
    {
        Span<char> line = stackalloc char[MaxLineLength];
        var length = Format(line, sign, entry, links);
        Write(OpenJournal(), line[..length]);
        _journalLines++;
        _unsynced = true;
    }

    private void AppendFlood(char sign, in FloodEntry entry, IReadOnlyDictionary<int, LinkRecord> links)
    {
        Span<char> line = stackalloc char[MaxLineLength];
        var length = Format(line, sign, entry, links);
        Write(OpenJournal(), line[..length]);
        _journalLines++;
        _unsynced = true;
    }

    /// <summary>Appends <paramref name="text"/> to the buffer, writing the buffer to <paramref name="stream"/> first when it is full.</summary>
    private void Write(FileStream stream, ReadOnlySpan<char> text)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > _buffer.Length - _buffered)
        {
            WriteBuffered(stream);
        }

        _buffered += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_buffered));
    }

    private void WriteBuffered(FileStream stream)
    {
        stream.Write(_buffer, 0, _buffered);
        _buffered = 0;
    }

    private FileStream OpenJournal()
    {
        if (_journalStream is not null)
        {
            return _journalStream;
        }

        // Continue the journal of the loaded snapshot, or start the one of a new snapshot.
        var append = _journalLines > 0 && File.Exists(_journalPath);
        _journalStream = new FileStream(_journalPath, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        if (!append)
        {
            Write(_journalStream, string.Create(CultureInfo.InvariantCulture, $"{JournalHeader} {GenerationField} {_generation}\n"));
        }

        return _journalStream;
    }

    private void CloseJournal()
    {
        if (_journalStream is not null)
        {
            SyncJournal(toDisk: true);
            _journalStream.Dispose();
        }

        _journalStream = null;
    }

    private void SyncDirectory()
    {
        var fd = open(_directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {_directory} to flush it: errno {Marshal.GetLastPInvokeError()}.");
        }

        try
        {
            if (fsync(fd) != 0)
            {
                throw new IOException($"Cannot flush {_directory}: errno {Marshal.GetLastPInvokeError()}.");
            }
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>Applies one record line; false when it is not one (damaged). A line of a device since gone is valid and skipped.</summary>
    /// <remarks>
    /// Read by spans, the VTEP addresses interned: a record of a million MACs behind a few hundred
    /// VTEPs loads with one <see cref="IPAddress"/> per VTEP, not per line.
    /// </remarks>
    private bool Apply(ReadOnlySpan<char> line, IReadOnlyDictionary<int, LinkRecord> links, bool add)
    {
        Span<Range> ranges = stackalloc Range[10];
        var count = line.Split(ranges, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (count < 3 || count > 9 || !int.TryParse(line[ranges[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var ifindex))
        {
            return false;
        }

        var kind = line[ranges[0]];
        var current = links.TryGetValue(ifindex, out var link) && line[ranges[2]].SequenceEqual(link.Name);

        if (kind.SequenceEqual("flood") && count == 5 && TryVtep(line[ranges[3]], out var vtep)
            && uint.TryParse(line[ranges[4]], NumberStyles.None, CultureInfo.InvariantCulture, out var floodVni))
        {
            var flood = new FloodEntry(ifindex, vtep, floodVni);
            if (!current)
            {
                // A device since deleted (or re-created): the kernel dropped its entries.
            }
            else if (add)
            {
                Flood.Add(flood);
            }
            else
            {
                Flood.Remove(flood);
            }
        }
        else if (kind.SequenceEqual("mac") && count == 9 && TryVtep(line[ranges[6]], out var remote)
            && int.TryParse(line[ranges[3]], NumberStyles.None, CultureInfo.InvariantCulture, out var bridge)
            && ushort.TryParse(line[ranges[5]], NumberStyles.None, CultureInfo.InvariantCulture, out var vlan)
            && uint.TryParse(line[ranges[8]], NumberStyles.None, CultureInfo.InvariantCulture, out var vni)
            && MacAddress.TryParse(line[ranges[4]], out var mac)
            && line[ranges[7]] is "0" or "1")
        {
            var entry = new RemoteMacEntry(ifindex, bridge, mac, remote, vlan, line[ranges[7]] is "1", vni);
            if (!current)
            {
                // A device since deleted (or re-created): the kernel dropped its entries.
            }
            else if (add)
            {
                Own(entry);
            }
            else
            {
                Macs.Remove(RemoteMacKey.Of(entry));
            }
        }
        else
        {
            return false;
        }

        return true;
    }

    private bool TryVtep(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPAddress? vtep)
    {
        var known = _vteps.GetAlternateLookup<ReadOnlySpan<char>>();
        if (known.TryGetValue(text, out vtep))
        {
            return true;
        }

        if (!IPAddress.TryParse(text, out vtep))
        {
            return false;
        }

        known[text] = vtep;
        return true;
    }

    private static int Format(Span<char> line, char? sign, in FloodEntry flood, IReadOnlyDictionary<int, LinkRecord> links)
    {
        var offset = Sign(line, sign);
        line[offset..].TryWrite(CultureInfo.InvariantCulture, $"flood {flood.VxlanIfindex} {NameOf(links, flood.VxlanIfindex)} {flood.RemoteVtep} {(int)flood.SourceVni}\n", out var written);
        return offset + written;
    }

    private static int Format(Span<char> line, char? sign, in RemoteMacEntry mac, IReadOnlyDictionary<int, LinkRecord> links)
    {
        var offset = Sign(line, sign);
        Span<char> text = stackalloc char[17];
        WriteMac(text, mac.Mac);
        line[offset..].TryWrite(
            CultureInfo.InvariantCulture,
            $"mac {mac.VxlanIfindex} {NameOf(links, mac.VxlanIfindex)} {mac.BridgeIfindex} {text} {(int)mac.Vlan} {mac.RemoteVtep} {(mac.Sticky ? 1 : 0)} {(int)mac.SourceVni}\n",
            out var written);
        return offset + written;
    }

    private static int Sign(Span<char> line, char? sign)
    {
        if (sign is null)
        {
            return 0;
        }

        line[0] = sign.Value;
        return 1;
    }

    private static void WriteMac(Span<char> text, MacAddress mac)
    {
        const string hex = "0123456789abcdef";
        for (var i = 0; i < 6; i++)
        {
            var octet = (int)(mac.Value >> (40 - (8 * i))) & 0xFF;
            text[i * 3] = hex[octet >> 4];
            text[(i * 3) + 1] = hex[octet & 0xF];
            if (i < 5)
            {
                text[(i * 3) + 2] = ':';
            }
        }
    }

    private static long? GenerationOf(string line, string header)
    {
        if (!line.StartsWith(header, StringComparison.Ordinal))
        {
            return null;
        }

        // "HEADER generation G"; a v1 snapshot written before the journal existed has none: 0.
        var fields = line[header.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 2 && fields[0] == GenerationField && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var generation)
            ? generation
            : 0;
    }

    /// <summary>
    /// Cuts a last line that a crash left without its newline: it may be a prefix of a valid
    /// line (a VNI of 10 cut to 1), and appending after it would spoil the next line too.
    /// </summary>
    private static void TrimTornTail(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var end = stream.Length;
        Span<byte> one = stackalloc byte[1];
        while (end > 0)
        {
            stream.Seek(end - 1, SeekOrigin.Begin);
            stream.ReadExactly(one);
            if (one[0] == (byte)'\n')
            {
                break;
            }

            end--;
        }

        if (end != stream.Length)
        {
            stream.SetLength(end);
            stream.Flush(flushToDisk: true);
        }
    }

    private static string NameOf(IReadOnlyDictionary<int, LinkRecord> links, int ifindex) =>
        links.TryGetValue(ifindex, out var link) ? link.Name : "-";
}
