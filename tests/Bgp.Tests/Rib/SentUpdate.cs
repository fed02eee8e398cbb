using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>One UPDATE the RIB sent, taken apart with the codec's reader.</summary>
internal sealed record SentUpdate(
    byte[] Frame,
    bool IsEndOfRib,
    List<string> Announced,
    List<string> Withdrawn,
    UpdateMessage Message,
    byte[] NextHop)
{
    public static SentUpdate Decode(byte[] frame, UpdateCodecOptions options)
    {
        var reader = new UpdateReader(frame);
        Assert.That(reader.Validate(options).IsValid, Is.True, "the RIB sent an invalid UPDATE");
        bool endOfRib = reader.IsEndOfRib(out _);
        var announced = new List<string>();
        var withdrawn = new List<string>();
        byte[] nextHop = [];
        if (reader.TryGetMpReach(out var reach))
        {
            nextHop = reach.NextHop.ToArray();
            Split(reach.Nlri, announced);
        }
        if (reader.TryGetMpUnreach(out var unreach))
        {
            Split(unreach.Withdrawn, withdrawn);
        }
        return new SentUpdate(frame, endOfRib, announced, withdrawn, UpdateMessage.Decode(frame, options, out _), nextHop);
    }

    private static void Split(ReadOnlySpan<byte> block, List<string> into)
    {
        while (!block.IsEmpty)
        {
            int length = 2 + block[1];
            into.Add(Convert.ToHexString(block[..length]));
            block = block[length..];
        }
    }

    public T? Get<T>() where T : PathAttribute => Message.Attributes.OfType<T>().FirstOrDefault();
}
