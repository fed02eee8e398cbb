using System.Diagnostics.Metrics;
using Evpnd.Daemon.Metrics;

namespace Evpnd.Daemon.Tests.Metrics;

public sealed class EvpndMetricsTests
{
    [Test]
    public void InstalledMacsAreOneLatencySampleEachInSecondsWithoutAllocating()
    {
        using var metrics = new EvpndMetrics(() => [], _ => Task.FromException<EvpnCounts>(new OperationCanceledException()), TimeProvider.System);
        var samples = 0;
        var sum = 0.0;
        var tagged = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EvpndMetrics.MeterName && instrument.Name == "evpnd.kernel.install.latency")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            samples++;
            sum += value;
            tagged += tags.Length;
        });
        listener.Start();

        metrics.RemoteMacsInstalled(TimeSpan.FromMilliseconds(250), 3);
        metrics.RemoteMacsInstalled(TimeSpan.FromMilliseconds(100), 0);
        Assert.That((samples, sum, tagged), Is.EqualTo((3, 0.75, 0)));

        // A run of 100,000 MACs (a table received at once) costs no allocation however long.
        var before = GC.GetAllocatedBytesForCurrentThread();
        metrics.RemoteMacsInstalled(TimeSpan.FromSeconds(2), 100_000);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(samples, Is.EqualTo(100_003));
    }
}
