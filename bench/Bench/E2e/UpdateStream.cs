using System.Buffers.Binary;

namespace Evpnd.Bench.E2e;

/// <summary>
/// Pre-encoded BGP messages, built before any clock starts: one byte array and the offsets where
/// it may be cut into writes (message boundaries, every ~64 KB), so that a KEEPALIVE can be sent
/// between two writes without landing inside a message.
/// </summary>
internal sealed class UpdateStream
{
    private const int ChunkBytes = 64 * 1024;

    private UpdateStream(byte[] bytes, int[] chunkEnds, int messages)
    {
        Bytes = bytes;
        ChunkEnds = chunkEnds;
        Messages = messages;
    }

    public byte[] Bytes { get; }

    public int[] ChunkEnds { get; }

    public int Messages { get; }

    /// <summary>One type-3 UPDATE per VTEP that announces MACs.</summary>
    public static UpdateStream Flood(RouteLayout layout)
    {
        var buffer = new byte[layout.UsedVteps * 128];
        var offset = 0;
        for (var v = 0; v < layout.UsedVteps; v++)
        {
            offset += BgpEncoder.InclusiveMulticastUpdate(buffer.AsSpan(offset), E2eAddresses.RemoteVtep(v));
        }

        return Cut(buffer, offset);
    }

    /// <summary>
    /// The N type-2 routes, <paramref name="routesPerUpdate"/> NLRI per UPDATE, VTEP by VTEP, then
    /// End-of-RIB as a peer sends it after its initial table.
    /// </summary>
    public static UpdateStream Macs(RouteLayout layout, int routesPerUpdate)
    {
        var updates = 0;
        for (var v = 0; v < layout.UsedVteps; v++)
        {
            var macs = Math.Min(layout.MacsPerVtep, layout.Count - v * layout.MacsPerVtep);
            updates += (macs + routesPerUpdate - 1) / routesPerUpdate;
        }

        var buffer = new byte[(long)updates * 128 + (long)layout.Count * BgpEncoder.MacRouteLength + 64];
        var offset = 0;
        for (var v = 0; v < layout.UsedVteps; v++)
        {
            var first = v * layout.MacsPerVtep;
            var end = Math.Min(layout.Count, first + layout.MacsPerVtep);
            for (var start = first; start < end; start += routesPerUpdate)
            {
                offset += BgpEncoder.MacUpdate(buffer.AsSpan(offset), E2eAddresses.RemoteVtep(v), start, Math.Min(routesPerUpdate, end - start), 0);
            }
        }

        offset += BgpEncoder.EndOfRib(buffer.AsSpan(offset));
        return Cut(buffer, offset);
    }

    /// <summary>One UPDATE per moved MAC: from the move VTEP, MAC Mobility sequence 1.</summary>
    public static byte[][] Moves(RouteLayout layout, int moves)
    {
        var messages = new byte[moves][];
        var buffer = new byte[BgpEncoder.MaxMessage];
        for (var m = 0; m < moves; m++)
        {
            var length = BgpEncoder.MacUpdate(buffer, E2eAddresses.MoveVtep, layout.MovedIndex(m, moves), 1, 1);
            messages[m] = buffer.AsSpan(0, length).ToArray();
        }

        return messages;
    }

    private static UpdateStream Cut(byte[] buffer, int length)
    {
        var ends = new List<int>();
        var messages = 0;
        var chunkStart = 0;
        for (var offset = 0; offset < length;)
        {
            var messageLength = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(offset + 16));
            if (messageLength is < BgpEncoder.HeaderLength or > BgpEncoder.MaxMessage)
            {
                throw new InvalidOperationException($"encoder produced a message of {messageLength} bytes at offset {offset}");
            }

            offset += messageLength;
            messages++;
            if (offset - chunkStart >= ChunkBytes || offset == length)
            {
                ends.Add(offset);
                chunkStart = offset;
            }
        }

        return new UpdateStream(buffer.AsSpan(0, length).ToArray(), [.. ends], messages);
    }
}
