using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// One route (one key) of a family's Loc-RIB: its paths from every peer (the Adj-RIBs-In) and a
/// local one, in preference order so that the first is the best path (RFC 4271 s9.1.2).
/// </summary>
/// <remarks>
/// Memory is what limits a RIB of a million MACs, and almost every EVPN route has one path. That
/// path is held inline: its source in <see cref="_paths"/> and its NLRI in the entry itself, so a
/// route costs this one 72-byte object, not an entry and a byte array (32 + 64 bytes). The entry's
/// own bytes are the NLRI it was made with, written once and never changed, and the entry is the
/// <see cref="MemoryManager{T}"/> of a <see cref="ReadOnlyMemory{T}"/> over them: a change handed to
/// the observers refers to them as it would to an array, and keeps them alive. A path whose bytes
/// differ (other labels), or an NLRI longer than <see cref="InlineCapacity"/> (a MAC/IPv6 route),
/// is held in an array of its own. Only a second path turns the paths into a list of
/// <see cref="RibPath"/>, best first; the list folds back when one path is left.
/// </remarks>
internal sealed class RibEntry : MemoryManager<byte>
{
    /// <summary>The longest NLRI held in the entry: a type-2 MAC/IPv4 route with one label (39 bytes).</summary>
    public const int InlineCapacity = 39;

    // null: no path; a RibPathSource: the one path, whose NLRI is Nlri; a RibPath: the best of a list.
    private object? _paths;
    // The best path's NLRI when it is not the entry's own bytes.
    private byte[]? _nlri;
    private OwnBytes _own;
    private byte _ownLength;

    public RibEntry(ReadOnlySpan<byte> nlri)
    {
        if (nlri.Length <= InlineCapacity)
        {
            nlri.CopyTo(_own);
            _ownLength = (byte)nlri.Length;
        }
        else
        {
            _nlri = nlri.ToArray();
        }
    }

    /// <summary>
    /// The best path's NLRI (labels and ESI as received); once the last path went, the last best's,
    /// so the entry keeps its key. Paths of one route share one key, so replacing it keeps the
    /// entry's place in its table.
    /// </summary>
    public ReadOnlyMemory<byte> Nlri => _nlri ?? CreateMemory(_ownLength);

    /// <summary><see cref="Nlri"/> as a span, without the memory's indirection (table lookups).</summary>
    public ReadOnlySpan<byte> NlriSpan => _nlri ?? MemoryMarshal.CreateReadOnlySpan(ref _own[0], _ownLength);

    /// <summary>The NLRI the entry was made with, when it holds it itself (else empty): what a path with the same bytes shares.</summary>
    public ReadOnlyMemory<byte> OwnNlri => CreateMemory(_ownLength);

    /// <summary>No path left: the route is withdrawn (the entry may still wait to be sent as a withdrawal).</summary>
    public bool IsEmpty => _paths is null;

    /// <summary>The best path's source, or null when the route has no path left.</summary>
    public RibPathSource? BestSource => _paths switch
    {
        RibPathSource single => single,
        RibPath head => head.Source,
        _ => null,
    };

    /// <summary>More than one path: the others are in <see cref="RibPath"/> objects.</summary>
    public bool HasAlternatives => _paths is RibPath;

    /// <summary>The path from <paramref name="owner"/> (the local path when it is null).</summary>
    public bool TryGetPath(RibPeerState? owner, out RibPathSource source, out ReadOnlyMemory<byte> nlri)
    {
        switch (_paths)
        {
            case RibPathSource single when single.Peer == owner:
                source = single;
                nlri = Nlri;
                return true;
            case RibPath head:
                for (var p = head; p is not null; p = p.Next)
                {
                    if (p.Source.Peer == owner)
                    {
                        source = p.Source;
                        nlri = p.Nlri;
                        return true;
                    }
                }
                break;
        }
        source = null!;
        nlri = default;
        return false;
    }

    /// <summary>Adds a path; its owner must not have one here (remove the old one first).</summary>
    public void AddPath(RibPathSource source, ReadOnlyMemory<byte> nlri)
    {
        if (_paths is null)
        {
            _paths = source;
            SetNlri(nlri);
            return;
        }
        var head = _paths as RibPath ?? new RibPath((RibPathSource)_paths, Nlri);
        var path = new RibPath(source, nlri);
        if (BestPathComparer.Compare(in source.Rank, in head.Source.Rank) < 0)
        {
            path.Next = head;
            head = path;
        }
        else
        {
            var at = head;
            while (at.Next is not null && BestPathComparer.Compare(in source.Rank, in at.Next.Source.Rank) >= 0)
            {
                at = at.Next;
            }
            path.Next = at.Next;
            at.Next = path;
        }
        _paths = head;
        SetNlri(head.Nlri);
    }

    /// <summary>Removes the path of <paramref name="owner"/>; false when it had none.</summary>
    public bool RemovePath(RibPeerState? owner, out RibPathSource removed)
    {
        switch (_paths)
        {
            case RibPathSource single when single.Peer == owner:
                removed = single;
                _paths = null;
                return true;
            case RibPath head:
                RibPath? previous = null;
                for (var p = head; p is not null; previous = p, p = p.Next)
                {
                    if (p.Source.Peer != owner)
                    {
                        continue;
                    }
                    removed = p.Source;
                    if (previous is null)
                    {
                        head = p.Next!;
                    }
                    else
                    {
                        previous.Next = p.Next;
                    }
                    // One path left: back inline.
                    _paths = head.Next is null ? head.Source : head;
                    SetNlri(head.Nlri);
                    return true;
                }
                break;
        }
        removed = null!;
        return false;
    }

    /// <summary>
    /// Makes <paramref name="nlri"/> the best NLRI: the entry's own bytes or a whole array, as
    /// <see cref="OwnNlri"/> and the paths hold them (anything else is copied).
    /// </summary>
    private void SetNlri(ReadOnlyMemory<byte> nlri)
    {
        if (MemoryMarshal.TryGetMemoryManager<byte, RibEntry>(nlri, out var owner) && owner == this)
        {
            _nlri = null;
        }
        else if (MemoryMarshal.TryGetArray(nlri, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length)
        {
            _nlri = segment.Array;
        }
        else
        {
            _nlri = nlri.ToArray();
        }
    }

    public override Span<byte> GetSpan() => MemoryMarshal.CreateSpan(ref _own[0], _ownLength);

    /// <summary>The bytes live in a movable object: nothing in the RIB pins them.</summary>
    public override MemoryHandle Pin(int elementIndex = 0) =>
        throw new NotSupportedException("A RIB entry's NLRI cannot be pinned: copy it.");

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }

    [InlineArray(InlineCapacity)]
    private struct OwnBytes
    {
        private byte _first;
    }

    /// <summary>Every path, best first.</summary>
    public PathEnumerator Paths => new(this);

    /// <summary>Walks the paths of an entry without allocating.</summary>
    public struct PathEnumerator
    {
        private readonly RibEntry _entry;
        private RibPath? _next;
        private bool _started;

        public PathEnumerator(RibEntry entry)
        {
            _entry = entry;
            _next = null;
            _started = false;
            Current = default;
        }

        public (RibPathSource Source, ReadOnlyMemory<byte> Nlri) Current { get; private set; }

        public readonly PathEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (!_started)
            {
                _started = true;
                switch (_entry._paths)
                {
                    case RibPathSource single:
                        Current = (single, _entry.Nlri);
                        return true;
                    case RibPath head:
                        Current = (head.Source, head.Nlri);
                        _next = head.Next;
                        return true;
                    default:
                        return false;
                }
            }
            if (_next is null)
            {
                return false;
            }
            Current = (_next.Source, _next.Nlri);
            _next = _next.Next;
            return true;
        }
    }
}
