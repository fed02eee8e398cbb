using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// What the engine wants the kernel to hold, per VNI, as net changes only: KernelSync's own
/// <see cref="DataplaneIntent"/>s, in the order decided (a "wanted" intent adds or replaces).
/// </summary>
public interface IDataplaneIntentSink
{
    void Add(in DataplaneIntent intent);
}
