using System.Buffers;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Wire.WireBytes;

namespace Evpnd.Bgp.Tests.Wire;

public sealed class FramingTests
{
    private static readonly byte[] Keepalive = Message(4, []);

    [Test]
    public void TakesOneMessageAndAdvancesPastIt()
    {
        var bytes = Keepalive.Concat(Message(2, [0, 0, 0, 0])).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.That(BgpMessageCodec.TryReadFrame(ref buffer, 4096, out var frame, out var type), Is.True);
        Assert.That(type, Is.EqualTo(BgpMessageType.Keepalive));
        Assert.That(frame.Length, Is.EqualTo(19));
        Assert.That(buffer.Length, Is.EqualTo(23));

        Assert.That(BgpMessageCodec.TryReadFrame(ref buffer, 4096, out frame, out type), Is.True);
        Assert.That(type, Is.EqualTo(BgpMessageType.Update));
        Assert.That(frame.Length, Is.EqualTo(23));
        Assert.That(buffer.IsEmpty, Is.True);
    }

    [TestCase(0)]
    [TestCase(18)]
    [TestCase(22)]
    public void WaitsForTheRestOfTheMessage(int available)
    {
        var update = Message(2, [0, 0, 0, 0]);
        var buffer = new ReadOnlySequence<byte>(update, 0, available);

        Assert.That(BgpMessageCodec.TryReadFrame(ref buffer, 4096, out _, out _), Is.False);
        Assert.That(buffer.Length, Is.EqualTo(available), "buffer untouched");
    }

    [Test]
    public void ReadsAMessageSplitAcrossSegments()
    {
        var update = Message(2, [0, 0, 0, 0]);
        var first = new Segment(update.AsMemory(0, 10));
        var last = first.Append(update.AsMemory(10));
        var buffer = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        Assert.That(BgpMessageCodec.TryReadFrame(ref buffer, 4096, out var frame, out _), Is.True);
        Assert.That(frame.ToArray(), Is.EqualTo(update));
        Assert.That(BgpMessageCodec.ToContiguous(frame, new byte[4096]).ToArray(), Is.EqualTo(update));
    }

    [Test]
    public void BadMarkerIsConnectionNotSynchronized()
    {
        var bytes = Keepalive.ToArray();
        bytes[7] = 0xFE;

        var error = ReadFrameError(bytes);

        Assert.That(error, Is.Not.Null);
        Assert.That((error!.Code, error.Subcode), Is.EqualTo((NotificationCode.MessageHeaderError, (byte)1)));
    }

    [Test]
    public void HeaderIsCheckedBeforeTheBodyArrives()
    {
        // Only the header of a 4000-byte message with a bad type: the error must not wait for the body.
        var header = Message(9, [], lengthField: 4000);

        var error = ReadFrameError(header);

        Assert.That((error!.Code, error.Subcode, error.Data), Is.EqualTo((NotificationCode.MessageHeaderError, (byte)3, new byte[] { 9 })));
    }

    private static IEnumerable<TestCaseData> BadLengths()
    {
        yield return new TestCaseData((byte)4, 18, 4096).SetName("Length below 19");
        yield return new TestCaseData((byte)2, 4097, 4096).SetName("Length above 4096");
        yield return new TestCaseData((byte)2, 0, 4096).SetName("Length zero");
        yield return new TestCaseData((byte)1, 28, 4096).SetName("OPEN below 29");
        yield return new TestCaseData((byte)1, 4097, 65535).SetName("OPEN above 4096 even with Extended Message");
        yield return new TestCaseData((byte)4, 20, 4096).SetName("KEEPALIVE not 19");
        yield return new TestCaseData((byte)4, 4097, 65535).SetName("KEEPALIVE above 4096 even with Extended Message");
        yield return new TestCaseData((byte)3, 20, 4096).SetName("NOTIFICATION below 21");
        yield return new TestCaseData((byte)2, 22, 4096).SetName("UPDATE below 23");
        yield return new TestCaseData((byte)5, 22, 4096).SetName("ROUTE-REFRESH below 23");
    }

    [TestCaseSource(nameof(BadLengths))]
    public void BadLengthIsBadMessageLengthWithTheLengthAsData(byte type, int length, int maxLength)
    {
        var error = ReadFrameError(Message(type, [], lengthField: length), maxLength);

        Assert.That(error, Is.Not.Null);
        Assert.That((error!.Code, error.Subcode), Is.EqualTo((NotificationCode.MessageHeaderError, (byte)2)));
        Assert.That(error.Data, Is.EqualTo(new[] { (byte)(length >> 8), (byte)length }));
    }

    [TestCase((byte)0)]
    [TestCase((byte)6)]
    [TestCase((byte)255)]
    public void UnknownTypeIsBadMessageTypeWithTheTypeAsData(byte type)
    {
        var error = ReadFrameError(Message(type, [0, 0, 0, 0]));

        Assert.That((error!.Code, error.Subcode, error.Data), Is.EqualTo((NotificationCode.MessageHeaderError, (byte)3, new[] { type })));
    }

    [Test]
    public void UpdateAbove4096IsAcceptedOnceExtendedMessageIsNegotiated()
    {
        var big = Message(2, new byte[5000 - 19]);
        var buffer = new ReadOnlySequence<byte>(big);

        Assert.That(ReadFrameError(big, 4096)?.Subcode, Is.EqualTo(2));
        Assert.That(BgpMessageCodec.TryReadFrame(ref buffer, 65535, out var frame, out _), Is.True);
        Assert.That(frame.Length, Is.EqualTo(5000));
    }

    [Test]
    public void ProtocolExceptionBecomesTheNotificationToSend()
    {
        var error = ReadFrameError(Message(4, [], lengthField: 18))!;

        Assert.That(error.ToNotification(), Is.EqualTo(new NotificationMessage(NotificationCode.MessageHeaderError, 2, [0, 18])));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory)
        {
            Memory = memory;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
