using System.Collections.Immutable;

namespace Evpnd.Evpn.Wire;

/// <summary>Whole-field operations on an EVPN NLRI field (MP_REACH_NLRI / MP_UNREACH_NLRI).</summary>
public static class EvpnNlri
{
    /// <summary>Checks the whole field without allocating (RFC 7606 s5.3, s5.4, s7.11).</summary>
    public static EvpnNlriValidation Validate(ReadOnlySpan<byte> nlriField)
    {
        var reader = new EvpnNlriReader(nlriField);
        while (reader.TryRead(out _))
        {
        }
        return reader.Validation;
    }

    /// <summary>Decodes every known route (allocating convenience over <see cref="EvpnNlriReader"/>).</summary>
    public static EvpnNlriDecodeResult Decode(ReadOnlySpan<byte> nlriField)
    {
        var reader = new EvpnNlriReader(nlriField);
        var routes = ImmutableArray.CreateBuilder<EvpnRoute>();
        while (reader.TryRead(out var route))
        {
            routes.Add(route.Decode());
        }
        var validation = reader.Validation;
        return new EvpnNlriDecodeResult(validation.IsValid ? routes.ToImmutable() : [], validation);
    }

    /// <summary>Encodes routes back to back, as an NLRI field.</summary>
    public static byte[] Encode(IEnumerable<EvpnRoute> routes)
    {
        var list = routes as IReadOnlyCollection<EvpnRoute> ?? [.. routes];
        var bytes = new byte[list.Sum(r => r.EncodedLength)];
        var writer = new EvpnNlriWriter(bytes);
        foreach (var route in list)
        {
            writer.Write(route);
        }
        return bytes;
    }
}
