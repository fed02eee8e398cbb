using System.Globalization;
using Evpnd.Bgp.Wire;

namespace Evpnd.Fuzz;

/// <summary>
/// Seed inputs for each target, cut from the captured vectors in tests/Vectors: BGP messages of
/// real FRR/GoBGP sessions (<c>*.hex</c>, one message a line) and real kernel netlink replies
/// (<c>netlink/*.hex</c>, one datagram a line). Comment lines start with '#'.
/// </summary>
public static class SeedCorpus
{
    public static IReadOnlyList<byte[]> For(string target, string vectorsDirectory) => target switch
    {
        "bgp-message" => BgpMessages(vectorsDirectory).Concat(Sessions(vectorsDirectory)).ToList(),
        "update" => Updates(vectorsDirectory).SelectMany(u => new[] { Prefixed(1, u), Prefixed(0, u) }).ToList(),
        "evpn-nlri" => EvpnNlriFields(vectorsDirectory).ToList(),
        "netlink" => HexLines(Directory.GetFiles(Path.Combine(vectorsDirectory, "netlink"), "*.hex")).ToList(),
        _ => throw new ArgumentException($"unknown target '{target}'", nameof(target)),
    };

    /// <summary>Every captured message, alone.</summary>
    private static IEnumerable<byte[]> BgpMessages(string directory) =>
        HexLines(Directory.GetFiles(directory, "*.hex"));

    /// <summary>Each capture as one stream: the target frames it as a connection would.</summary>
    private static IEnumerable<byte[]> Sessions(string directory) =>
        Directory.GetFiles(directory, "*.hex").Order().Select(path => HexLines([path]).SelectMany(m => m).ToArray());

    /// <summary>The bodies of the captured UPDATEs (header removed; the target adds it back).</summary>
    private static IEnumerable<byte[]> Updates(string directory) =>
        BgpMessages(directory).Where(m => m[18] == (byte)BgpMessageType.Update).Select(m => m[BgpHeader.Length..]);

    /// <summary>The EVPN NLRI fields of the captured MP_REACH_NLRI and MP_UNREACH_NLRI.</summary>
    private static IEnumerable<byte[]> EvpnNlriFields(string directory)
    {
        foreach (var message in BgpMessages(directory).Where(m => m[18] == (byte)BgpMessageType.Update))
        {
            var reader = new UpdateReader(message);
            if (reader.TryGetMpReach(out var reach) && reach.Family == AfiSafi.L2vpnEvpn)
            {
                yield return reach.Nlri.ToArray();
            }
            reader = new UpdateReader(message);
            if (reader.TryGetMpUnreach(out var unreach) && unreach.Family == AfiSafi.L2vpnEvpn && !unreach.Withdrawn.IsEmpty)
            {
                yield return unreach.Withdrawn.ToArray();
            }
        }
    }

    private static byte[] Prefixed(byte first, byte[] rest) => [first, .. rest];

    private static IEnumerable<byte[]> HexLines(IEnumerable<string> paths)
    {
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(path))
            {
                var text = line.Trim();
                if (text.Length == 0 || text.StartsWith('#'))
                {
                    continue;
                }
                yield return Convert.FromHexString(text);
            }
        }
    }

    /// <summary>Writes the seeds of a target as files <c>seed-NNNN</c> (duplicates once).</summary>
    public static int Write(string target, string vectorsDirectory, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var seen = new HashSet<string>();
        int n = 0;
        foreach (var seed in For(target, vectorsDirectory))
        {
            if (seen.Add(Convert.ToHexString(seed)))
            {
                File.WriteAllBytes(Path.Combine(outputDirectory, "seed-" + n.ToString("D4", CultureInfo.InvariantCulture)), seed);
                n++;
            }
        }
        return n;
    }
}
