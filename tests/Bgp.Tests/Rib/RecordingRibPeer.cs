using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// A peer that records the messages the RIB sends it. Its send window is open unless a test closes
/// it (<see cref="Block"/>): the RIB then asks for a drain signal, which <see cref="Unblock"/> gives.
/// </summary>
internal sealed class RecordingRibPeer : IRibPeer
{
    private readonly List<byte[]> _sent = new();

    private bool _blocked;
    private bool _drainRequested;
    private int _accepted;

    public RecordingRibPeer(string address, uint peerAs, uint routerId, uint localAs = RibTestData.LocalAs, bool fourOctetAs = true, bool enhancedRouteRefresh = false,
        GracefulRestartCapability? gracefulRestart = null)
    {
        Address = IPAddress.Parse(address);
        Negotiated = new NegotiatedSession
        {
            LocalAs = localAs,
            PeerAs = peerAs,
            LocalRouterId = RibTestData.RouterId,
            PeerRouterId = routerId,
            HoldTime = 90,
            KeepaliveTime = 30,
            Families = [AfiSafi.L2vpnEvpn],
            FourOctetAs = fourOctetAs,
            RouteRefresh = true,
            EnhancedRouteRefresh = enhancedRouteRefresh,
            PeerOpen = new OpenMessage(peerAs > ushort.MaxValue ? (ushort)OpenMessage.AsTrans : (ushort)peerAs, 90, routerId, ImmutableArray<Capability>.Empty),
            // As negotiated against our OPEN, which always carries the capability with the N bit.
            PeerGracefulRestart = gracefulRestart,
            GracefulRestart = gracefulRestart is not null,
            GracefulNotification = gracefulRestart is { NotificationSupport: true },
        };
    }

    public IPAddress Address { get; }

    public NegotiatedSession Negotiated { get; }

    public bool IsRouteReflectorClient { get; init; }

    /// <summary>Closes the window after every buffer, as a send queue that takes one buffer at a time.</summary>
    public bool BlockAfterEachBuffer { get; init; }

    public UpdateCodecOptions Options => new(Negotiated.FourOctetAs, Negotiated.MaxMessageLength);

    public bool CanSend
    {
        get
        {
            lock (_sent)
            {
                return !_blocked;
            }
        }
    }

    /// <summary>Buffers handed over while blocked (a window closes only between buffers).</summary>
    public int BuffersWhileBlocked { get; private set; }

    /// <summary>Buffers handed over so far.</summary>
    public int BuffersSent { get; private set; }

    /// <summary>How many times the RIB asked to be told when the queue drained.</summary>
    public int DrainRequests { get; private set; }

    /// <summary>The last pending count the RIB published.</summary>
    public int Pending { get; private set; }

    public bool Send(byte[] buffer, int length)
    {
        lock (_sent)
        {
            if (_blocked)
            {
                BuffersWhileBlocked++;
            }
            var messages = buffer.AsSpan(0, length);
            while (!messages.IsEmpty)
            {
                int size = BinaryPrimitives.ReadUInt16BigEndian(messages[16..]);
                Assert.That(size, Is.LessThanOrEqualTo(Negotiated.MaxMessageLength), "a message larger than negotiated");
                _sent.Add(messages[..size].ToArray());
                messages = messages[size..];
            }
            BuffersSent++;
            if (BlockAfterEachBuffer)
            {
                _blocked = true;
            }
        }
        ArrayPool<byte>.Shared.Return(buffer);
        return true;
    }

    public bool RequestDrainSignal()
    {
        lock (_sent)
        {
            if (!_blocked)
            {
                return false;
            }
            DrainRequests++;
            _drainRequested = true;
            return true;
        }
    }

    public void ReportPending(int routes)
    {
        lock (_sent)
        {
            Pending = routes;
        }
    }

    public MaximumPrefix? MaximumPrefix { get; init; }

    /// <summary>The last accepted-route count the RIB published.</summary>
    public int Accepted
    {
        get
        {
            lock (_sent)
            {
                return _accepted;
            }
        }
    }

    /// <summary>Families the RIB asked to end the session for (maximum-prefix), in order.</summary>
    public List<AfiSafi> PrefixLimitExceeded { get; } = new();

    public void ReportAccepted(int routes)
    {
        lock (_sent)
        {
            _accepted = routes;
        }
    }

    public void ExceedMaximumPrefix(AfiSafi family)
    {
        lock (_sent)
        {
            PrefixLimitExceeded.Add(family);
        }
    }

    /// <summary>Closes the send window: the RIB keeps what it has not sent in its pending set.</summary>
    public void Block()
    {
        lock (_sent)
        {
            _blocked = true;
        }
    }

    /// <summary>Opens the window and, if the RIB asked, tells it the queue drained.</summary>
    public void Unblock(RibWorker worker)
    {
        bool signal;
        lock (_sent)
        {
            _blocked = false;
            signal = _drainRequested;
            _drainRequested = false;
        }
        if (signal)
        {
            worker.SendQueueDrained(this);
        }
    }

    /// <summary>Every message sent so far (UPDATEs and ROUTE-REFRESHes), raw, and forgets them.</summary>
    public List<byte[]> TakeRaw()
    {
        lock (_sent)
        {
            var all = _sent.ToList();
            _sent.Clear();
            return all;
        }
    }

    /// <summary>Every UPDATE sent so far, decoded, and forgets everything sent.</summary>
    public List<SentUpdate> Take()
    {
        lock (_sent)
        {
            var decoded = _sent.Where(frame => frame[18] == (byte)BgpMessageType.Update).Select(frame => SentUpdate.Decode(frame, Options)).ToList();
            _sent.Clear();
            return decoded;
        }
    }

    public override string ToString() => Address.ToString();
}
