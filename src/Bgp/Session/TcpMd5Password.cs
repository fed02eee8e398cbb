using System.Text;

namespace Evpnd.Bgp.Session;

/// <summary>
/// A neighbor's TCP-MD5 key (RFC 2385). It never prints: <see cref="ToString"/> says only that a
/// password is set, so that neither a log line nor a record's generated text can carry it.
/// </summary>
public sealed class TcpMd5Password : IEquatable<TcpMd5Password>
{
    /// <summary>TCP_MD5SIG_MAXKEYLEN in include/uapi/linux/tcp.h.</summary>
    public const int MaxLength = 80;

    private readonly byte[] _key;

    private TcpMd5Password(byte[] key)
    {
        _key = key;
    }

    /// <summary>The key as the kernel takes it.</summary>
    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>The UTF-8 bytes of <paramref name="text"/>; null when it is empty or longer than <see cref="MaxLength"/> bytes.</summary>
    public static TcpMd5Password? FromText(string text)
    {
        var key = Encoding.UTF8.GetBytes(text);
        return key.Length is 0 or > MaxLength ? null : new TcpMd5Password(key);
    }

    public bool Equals(TcpMd5Password? other) => other is not null && _key.AsSpan().SequenceEqual(other._key);

    public override bool Equals(object? obj) => Equals(obj as TcpMd5Password);

    public override int GetHashCode() => _key.Length;

    public override string ToString() => "set";
}
