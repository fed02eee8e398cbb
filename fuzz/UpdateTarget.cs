using System.Buffers.Binary;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Routing;

namespace Evpnd.Fuzz;

/// <summary>
/// The UPDATE validator (RFC 7606) and what the RIB does with an UPDATE it let through: the
/// attribute set interned and decoded, the EVPN NLRI of MP_REACH/MP_UNREACH split and keyed.
/// Input: one option byte (bit 0: 4-octet AS numbers were negotiated), then the UPDATE body; the
/// header is added here so that mutations are spent on the body, not on a marker the framing
/// already refuses.
/// </summary>
public static class UpdateTarget
{
    private static readonly AttributeSetInterner s_interner = new();

    public static FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty || BgpHeader.Length + input.Length - 1 > BgpHeader.MaxExtendedMessageLength)
        {
            return FuzzOutcome.Refused;
        }
        var options = new UpdateCodecOptions((input[0] & 1) != 0, BgpHeader.MaxExtendedMessageLength);
        var frame = Frame(input[1..]);
        var update = new UpdateReader(frame);
        var validation = update.Validate(options);
        if (validation.Action == UpdateErrorAction.SessionReset)
        {
            return FuzzOutcome.Refused;
        }
        if (update.IsEndOfRib(out _))
        {
            return FuzzOutcome.Accepted;
        }
        Span<byte> key = stackalloc byte[EvpnRibFamily.Instance.MaxKeyLength];
        if (update.TryGetMpUnreach(out var unreach) && unreach.Family == AfiSafi.L2vpnEvpn)
        {
            KeyEvery(unreach.Withdrawn, key);
        }
        if (validation.Action == UpdateErrorAction.TreatAsWithdraw)
        {
            return FuzzOutcome.Refused;
        }
        s_interner.Clear();
        s_interner.Intern(update, options, validation);
        if (update.TryGetMpReach(out var reach) && reach.Family == AfiSafi.L2vpnEvpn && !KeyEvery(reach.Nlri, key))
        {
            return FuzzOutcome.Refused;
        }
        return FuzzOutcome.Accepted;
    }

    /// <summary>As the RIB walks an NLRI block: each route the family reads is keyed; false on a route it rejects.</summary>
    private static bool KeyEvery(ReadOnlySpan<byte> block, Span<byte> key)
    {
        while (!block.IsEmpty)
        {
            var status = EvpnRibFamily.Instance.ReadNlri(block, out int length);
            if (status is NlriReadStatus.Malformed or NlriReadStatus.Truncated || length <= 0 || length > block.Length)
            {
                return false;
            }
            if (status == NlriReadStatus.Route)
            {
                EvpnRibFamily.Instance.WriteKey(block[..length], key);
            }
            block = block[length..];
        }
        return true;
    }

    private static byte[] Frame(ReadOnlySpan<byte> body)
    {
        var frame = new byte[BgpHeader.Length + body.Length];
        frame.AsSpan(0, 16).Fill(0xff);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)frame.Length);
        frame[18] = (byte)BgpMessageType.Update;
        body.CopyTo(frame.AsSpan(BgpHeader.Length));
        return frame;
    }
}
