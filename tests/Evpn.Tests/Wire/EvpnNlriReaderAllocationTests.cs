using Evpnd.Evpn.Tests.Vectors;
using Evpnd.Evpn.Wire;

namespace Evpnd.Evpn.Tests.Wire;

public sealed class EvpnNlriReaderAllocationTests
{
    [Test]
    public void Walking_captured_NLRI_and_reading_keys_allocates_nothing()
    {
        var fields = CapturedVectors.Updates
            .Select(m => EvpnUpdateParts.Of(m).ReachNlri)
            .Where(f => f is { Length: > 0 })
            .Select(f => f!)
            .ToArray();
        Assert.That(fields, Is.Not.Empty);

        long keys = Walk(fields); // first pass JIT-compiles everything
        // Steady state: the runtime allocates a few bytes once on this thread while it re-compiles
        // hot methods (tiering); a per-route allocation would show in every round.
        long allocated = long.MaxValue;
        for (int round = 0; round < 3 && allocated != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                keys += Walk(fields);
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(keys, Is.GreaterThan(0));
        Assert.That(allocated, Is.EqualTo(0), "bytes allocated while walking");
    }

    private static long Walk(byte[][] fields)
    {
        long seen = 0;
        foreach (var field in fields)
        {
            var reader = new EvpnNlriReader(field);
            while (reader.TryRead(out var route))
            {
                seen += route.Rd.AssignedNumber == uint.MaxValue ? 0 : 1;
                if (route.Type == EvpnRouteType.MacIpAdvertisement)
                {
                    var key = route.MacIpKey;
                    seen += (long)(key.Mac.Value & 1) + route.MacIpLabel1 + key.Ip.ByteLength;
                }
                else if (route.Type == EvpnRouteType.InclusiveMulticast)
                {
                    seen += route.InclusiveMulticastOriginator.ByteLength;
                }
            }
            seen += reader.Validation.IsValid ? 0 : 1_000_000;
        }
        return seen;
    }
}
