using System.Buffers.Binary;

namespace Evpnd.KernelSync.Netlink;

/// <summary>
/// A nested attribute being written; <see cref="Dispose"/> back-fills its length from the
/// writer's position, so callers write <c>using (writer.BeginNested(IFLA_LINKINFO)) { ... }</c>.
/// </summary>
internal ref struct NestedAttributeScope
{
    private readonly Span<byte> _buffer;
    private readonly ref int _position;
    private readonly int _start;
    private bool _disposed;

    internal NestedAttributeScope(Span<byte> buffer, ref int position, int start)
    {
        _buffer = buffer;
        _position = ref position;
        _start = start;
        _disposed = false;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_start..], (ushort)(_position - _start));
    }
}
