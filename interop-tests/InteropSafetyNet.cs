using Evpnd.Interop.Tests.Harness;

namespace Evpnd.Interop.Tests;

/// <summary>
/// Assembly-wide safety net: whatever lab a test or fixture failed to dispose is removed once all
/// tests have run (daemons killed by pid, namespaces deleted). ProcessExit does the same if the
/// run is cut short.
/// </summary>
[SetUpFixture]
public sealed class InteropSafetyNet
{
    [OneTimeTearDown]
    public void DisposeLeftoverLabs()
    {
        IReadOnlyList<string> problems = LabRegistry.DisposeAll();
        string root = Path.Combine("/tmp", $"{Lab.Prefix}{Environment.ProcessId}");
        if (Directory.Exists(root) && !Directory.EnumerateFileSystemEntries(root).Any())
        {
            Directory.Delete(root);
        }

        Assert.That(problems, Is.Empty, "lab clean-up problems");
    }
}
