namespace Evpnd.Bench.E2e;

/// <summary>
/// Which remote VTEP announces which MAC: N MACs (02:00:00:00:00:01 + i, the kernel bench's
/// <see cref="Kernel.BenchMacs"/>) in V contiguous blocks, block v behind VTEP v. A real peer
/// (FRR's update groups) sends the routes of one attribute set together, so the stream is V runs
/// of UPDATEs, each VTEP its own next hop and attribute set.
/// </summary>
internal sealed record RouteLayout(int Count, int Vteps)
{
    public int MacsPerVtep => (Count + Vteps - 1) / Vteps;

    /// <summary>VTEPs that announce at least one MAC (fewer than V when N is small).</summary>
    public int UsedVteps => (Count + MacsPerVtep - 1) / MacsPerVtep;

    public int VtepOf(int index) => index / MacsPerVtep;

    public uint VtepAddressOf(int index) => E2eAddresses.RemoteVtep(VtepOf(index));

    /// <summary>The MAC index of a MAC in the bench's range, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> mac)
    {
        if (mac.Length != 6 || mac[0] != 0x02 || mac[1] != 0x00)
        {
            return -1;
        }

        var value = (long)((uint)mac[2] << 24 | (uint)mac[3] << 16 | (uint)mac[4] << 8 | mac[5]) - 1;
        return value >= 0 && value < Count ? (int)value : -1;
    }

    /// <summary>The <paramref name="moves"/> MACs the move phase re-announces, spread over the range.</summary>
    public int MovedIndex(int move, int moves) => moves <= 1 ? 0 : (int)((long)move * (Count - 1) / (moves - 1));
}
