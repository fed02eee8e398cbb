using System.Net;
using System.Net.Sockets;
using Evpnd.Daemon.Config.Yaml;

namespace Evpnd.Daemon.Config;

// Scalar values: each reader reports what is wrong at the value's position and returns null.
internal sealed partial class ConfigReader
{
    private ScalarNode? Scalar(ConfigNode node, string what, string expected)
    {
        if (node is ScalarNode { IsNull: false } scalar)
        {
            return scalar;
        }

        _errors.Add(node, $"{what} must be {expected}, not {node.Describe()}");
        return null;
    }

    private long? Integer(ConfigNode node, string what, long min, long max)
    {
        if (Scalar(node, what, "a number") is not { } scalar)
        {
            return null;
        }

        if (!ValueSyntax.TryParseInteger(scalar.Value, out long value, out bool tooLarge))
        {
            _errors.Add(scalar, tooLarge
                ? $"{what} {scalar.Value} is out of range {min}..{max}"
                : $"{what} '{scalar.Value}' is not a number");
            return null;
        }

        if (value < min || value > max)
        {
            _errors.Add(scalar, $"{what} {value} is out of range {min}..{max}");
            return null;
        }

        return value;
    }

    /// <summary>An AS number, asplain or asdot, 1..4294967295 and not AS_TRANS.</summary>
    private uint? AsNumber(ScalarNode scalar, string what, string notANumber)
    {
        if (!ValueSyntax.TryParseAsNumber(scalar.Value, out long value, out bool isNumber))
        {
            _errors.Add(scalar, isNumber
                ? $"{what} {scalar.Value} is out of range 1..4294967295"
                : $"{what} '{scalar.Value}' {notANumber}");
            return null;
        }

        if (value < 1 || value > uint.MaxValue)
        {
            _errors.Add(scalar, $"{what} {value} is out of range 1..4294967295");
            return null;
        }

        // RFC 6793 s9: AS_TRANS stands in for a 4-byte AS towards old speakers; no one may own it.
        if (value == 23456)
        {
            _errors.Add(scalar, $"{what} 23456 is AS_TRANS, which is reserved (RFC 6793)");
            return null;
        }

        return (uint)value;
    }

    private bool? Boolean(ConfigNode node, string what)
    {
        if (Scalar(node, what, "true or false") is not { } scalar)
        {
            return null;
        }

        if (string.Equals(scalar.Value, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(scalar.Value, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        _errors.Add(scalar, $"{what} '{scalar.Value}' is not true or false");
        return null;
    }

    /// <summary>A non-empty string.</summary>
    private string? Text(ConfigNode node, string what)
    {
        if (Scalar(node, what, "a string") is not { } scalar)
        {
            return null;
        }

        if (scalar.Value.Length == 0)
        {
            _errors.Add(scalar, $"{what} must not be empty");
            return null;
        }

        return scalar.Value;
    }

    /// <summary>An IPv4 or IPv6 address a host can have: not unspecified, broadcast or multicast.</summary>
    private IPAddress? UnicastAddress(ConfigNode node, string what)
    {
        if (Scalar(node, what, "an IP address") is not { } scalar)
        {
            return null;
        }

        if (!ValueSyntax.TryParseIP(scalar.Value, out IPAddress address))
        {
            _errors.Add(scalar, $"'{scalar.Value}' is not an IP address");
            return null;
        }

        if (!IsUnicast(address))
        {
            _errors.Add(scalar, $"{what} {address} is not a unicast address");
            return null;
        }

        return address;
    }

    /// <summary>One of a few keywords, matched exactly; <paramref name="options"/> in the order messages list them.</summary>
    private T? Choice<T>(ConfigNode node, string what, (string Name, T Value)[] options)
        where T : struct
    {
        IEnumerable<string> names = options.Select(o => o.Name);
        if (Scalar(node, what, "one of " + string.Join(", ", names)) is not { } scalar)
        {
            return null;
        }

        foreach ((string name, T value) in options)
        {
            if (name == scalar.Value)
            {
                return value;
            }
        }

        _errors.Add(scalar, $"{what} '{scalar.Value}' is not one of {string.Join(", ", names)}{Suggestion.DidYouMean(scalar.Value, names)}");
        return null;
    }

    /// <summary>
    /// The items of a list. With <paramref name="allowSingleValue"/> a scalar is taken as a
    /// one-item list, so that <c>address-families: l2vpn-evpn</c> works as the operator meant.
    /// </summary>
    private IReadOnlyList<ConfigNode>? Items(ConfigNode node, string what, bool allowSingleValue)
    {
        switch (node)
        {
            case SequenceNode sequence:
                return sequence.Items;
            case ScalarNode { IsNull: false } scalar when allowSingleValue:
                return [scalar];
            default:
                _errors.Add(node, $"{what} must be a list, not {node.Describe()}");
                return null;
        }
    }

    private static bool IsUnicast(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            byte first = address.GetAddressBytes()[0];
            return !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.Broadcast) && first is < 224 or > 239;
        }

        return !address.Equals(IPAddress.IPv6Any) && !address.IsIPv6Multicast;
    }
}
