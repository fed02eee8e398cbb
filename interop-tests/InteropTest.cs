using Evpnd.Interop.Tests.Harness;
using NUnit.Framework.Interfaces;

namespace Evpnd.Interop.Tests;

/// <summary>
/// Base of every interop test class: checks the prerequisites, gives each test its own
/// <see cref="Harness.Lab"/> and tears it down afterwards; when the test failed, the nodes'
/// neighbor tables and the daemons' logs go to the test output and the full logs are attached.
/// </summary>
public abstract class InteropTest
{
    private Lab? _lab;

    protected Lab Lab => _lab ?? throw new InvalidOperationException("the lab exists only while a test runs");

    [OneTimeSetUp]
    public void RequirePrerequisites() => Prerequisites.Require();

    [SetUp]
    public void CreateLab()
    {
        Prerequisites.Require();
        _lab = Lab.Create(TestContext.CurrentContext.Test.FullName);
    }

    [TearDown]
    public async Task DisposeLab()
    {
        Lab? lab = _lab;
        _lab = null;
        if (lab is null)
        {
            return;
        }

        try
        {
            // EVPND_INTEROP_LOGS=always shows the logs of passing tests too (timing questions).
            bool always = Environment.GetEnvironmentVariable("EVPND_INTEROP_LOGS") == "always";
            if (always || TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Passed)
            {
                await lab.WriteDiagnosticsAsync(TestContext.Out);
                string directory = Path.Combine(
                    TestContext.CurrentContext.WorkDirectory, "interop-logs", SafeFileName(TestContext.CurrentContext.Test.Name));
                foreach (string file in lab.CopyLogsTo(directory))
                {
                    TestContext.AddTestAttachment(file);
                }
            }
        }
        finally
        {
            await lab.DisposeAsync();
        }
    }

    /// <summary>
    /// The usual two-speaker lab: the peer's namespace (link side A: 10.0.1.1, fd00:0:0:1::1) and
    /// evpnd's (side B: 10.0.1.2, fd00:0:0:1::2), joined by one veth pair.
    /// </summary>
    protected async Task<(Netns Peer, Netns Evpnd, VethLink Link)> CreatePairAsync(string peerName)
    {
        Netns peer = await Lab.AddNamespaceAsync(peerName);
        Netns evpnd = await Lab.AddNamespaceAsync("evpnd");
        VethLink link = await Lab.ConnectAsync(peer, evpnd);
        return (peer, evpnd, link);
    }

    private static string SafeFileName(string name) =>
        string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
