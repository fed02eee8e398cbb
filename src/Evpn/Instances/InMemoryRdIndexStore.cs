using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>An <see cref="IRdIndexStore"/> that forgets on restart (tests, or no state directory).</summary>
public sealed class InMemoryRdIndexStore : IRdIndexStore
{
    private readonly RdIndexAllocator _allocator = new();

    public ushort GetOrAssign(Vni vni) => _allocator.TryGet(vni, out ushort index) ? index : _allocator.Assign(vni);
}
