using System.Net;
using Evpnd.KernelSync.Netlink;
using Evpnd.KernelSync.Tests.Lab;

namespace Evpnd.KernelSync.Tests.Netlink;

/// <summary>Faults the kernel will not produce on demand, fed through a scripted transport.</summary>
[TestFixture]
public sealed class RtnetlinkClientScriptedTests
{
    private static readonly byte[] s_bridgeEntry = Convert.FromHexString("070000000300000002001200" + "0a00020002aabbccdd010000");

    [Test]
    public void AnInterruptedDumpIsRepeatedAndOnlyTheCompleteAnswerKept()
    {
        var attempt = 0;
        var transport = new ScriptedTransport(sent =>
        {
            var seq = ScriptedTransport.Sequences(sent)[0];
            attempt++;
            var entries = attempt == 1 ? 2 : 1;
            var flags = (ushort)(0x2 | (attempt == 1 ? 0x10 : 0)); // NLM_F_MULTI, NLM_F_DUMP_INTR
            var messages = Enumerable.Range(0, entries).Select(_ => ScriptedTransport.Message(28, flags, seq, ScriptedTransport.OurPort, s_bridgeEntry)).ToList();
            messages.Add(ScriptedTransport.Done(seq));
            return [ScriptedTransport.Concat([.. messages])];
        });
        using var client = new RtnetlinkClient(transport);

        var records = client.DumpFdb();

        Assert.That(attempt, Is.EqualTo(2));
        Assert.That(records, Has.Count.EqualTo(1));
        Assert.That(records[0].Mac, Is.EqualTo(MacAddress.Parse("02:aa:bb:cc:dd:01")));
    }

    [Test]
    public void ADumpThatNeverSettlesIsReported()
    {
        var transport = new ScriptedTransport(sent =>
        {
            var seq = ScriptedTransport.Sequences(sent)[0];
            return [ScriptedTransport.Message(28, 0x12, seq, ScriptedTransport.OurPort, s_bridgeEntry), ScriptedTransport.Done(seq, 0x12)];
        });
        using var client = new RtnetlinkClient(transport);

        Assert.Throws<NetlinkDumpInterruptedException>(() => client.DumpFdb());
    }

    [Test]
    public void RepliesForAnotherPortOrSequenceAreNotTakenForOurAck()
    {
        var transport = new ScriptedTransport(sent =>
        {
            var seq = ScriptedTransport.Sequences(sent)[0];
            return
            [
                ScriptedTransport.Ack(seq, 17, "not for us", port: 999),
                ScriptedTransport.Ack(seq - 1, 22, "stale"),
                ScriptedTransport.Ack(seq, 95, "Operation not supported by the device"),
            ];
        });
        using var client = new RtnetlinkClient(transport);

        var error = Assert.Throws<NetlinkException>(() => client.AddFloodEntry(new FloodEntry(3, IPAddress.Parse("10.0.0.2"))));

        Assert.That(error!.Errno, Is.EqualTo(95));
        Assert.That(error.ExtendedAck, Is.EqualTo("Operation not supported by the device"));
    }

    [Test]
    public void BatchPacksRequestsPerSendAndMatchesEachFailureToItsRequest()
    {
        var transport = new ScriptedTransport(sent =>
        {
            var sequences = ScriptedTransport.Sequences(sent);
            // ACKs come back in one datagram, the 5th request of the first send refused.
            return [ScriptedTransport.Concat([.. sequences.Select((s, i) => ScriptedTransport.Ack(s, sent.Length > 0 && i == 4 && sequences.Count == 8 ? 22 : 0, i == 4 ? "bad" : null))])];
        });
        using var client = new RtnetlinkClient(transport);
        using var batch = client.CreateBatch(requestsPerSend: 8);

        for (var i = 0; i < 20; i++)
        {
            batch.ReplaceRemoteMac(new RemoteMacEntry(3, 2, new MacAddress((ulong)i + 1), IPAddress.Parse("10.0.0.2")));
        }

        var failures = batch.Flush();

        Assert.That(transport.Sent.Select(d => ScriptedTransport.Sequences(d).Count), Is.EqualTo(new[] { 8, 8, 4 }));
        Assert.That(failures.Select(f => (f.Index, f.Errno, f.ExtendedAck)), Is.EqualTo(new[] { (4, 22, (string?)"bad"), (12, 22, "bad") }));
    }

    [Test]
    public void ABatchDeleteWhoseBridgeHalfIsGoneFollowsUpOnTheVxlanHalf()
    {
        var transport = new ScriptedTransport(sent =>
        {
            var sequences = ScriptedTransport.Sequences(sent);
            var ntf = sent[16 + 10];
            // The bridge half (NTF_MASTER|NTF_SELF request) is already gone: ENOENT.
            return [ScriptedTransport.Ack(sequences[0], ntf == 0x06 ? 2 : 0)];
        });
        using var client = new RtnetlinkClient(transport);
        using var batch = client.CreateBatch();

        batch.DeleteRemoteMac(new RemoteMacEntry(3, 2, MacAddress.Parse("02:00:00:00:00:01"), IPAddress.Parse("10.0.0.2")));
        var failures = batch.Flush();

        Assert.That(failures, Is.Empty);
        Assert.That(transport.Sent.Select(d => d[16 + 10]), Is.EqualTo(new byte[] { 0x06, 0x02 }), "NTF_MASTER|NTF_SELF, then NTF_SELF alone");
    }

    [Test]
    public void MoreFollowUpDeletesThanOneDatagramHoldsAreAllSent()
    {
        var transport = new ScriptedTransport(sent =>
        {
            var sequences = ScriptedTransport.Sequences(sent);
            var replies = new List<byte[]>();
            var offset = 0;
            foreach (var sequence in sequences)
            {
                var ntf = sent[offset + 16 + 10];
                replies.Add(ScriptedTransport.Ack(sequence, ntf == 0x06 ? 2 : 0));
                offset += (int)BitConverter.ToUInt32(sent, offset);
            }

            return [ScriptedTransport.Concat([.. replies])];
        });
        using var client = new RtnetlinkClient(transport);
        using var batch = client.CreateBatch(requestsPerSend: 4);

        for (var i = 0; i < 10; i++)
        {
            batch.DeleteRemoteMac(new RemoteMacEntry(3, 2, new MacAddress((ulong)i + 1), IPAddress.Parse("10.0.0.2")));
        }

        Assert.That(batch.Flush(), Is.Empty);
        var sentFlags = transport.Sent.SelectMany(d => Flags(d)).ToList();
        Assert.That(sentFlags.Count(f => f == 0x06), Is.EqualTo(10));
        Assert.That(sentFlags.Count(f => f == 0x02), Is.EqualTo(10));
    }

    private static IEnumerable<byte> Flags(byte[] datagram)
    {
        for (var offset = 0; offset < datagram.Length; offset += (int)BitConverter.ToUInt32(datagram, offset))
        {
            yield return datagram[offset + 16 + 10];
        }
    }
}
