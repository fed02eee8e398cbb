using Evpnd.Interop.Tests.Harness;
using NUnit.Framework.Interfaces;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// Base of the scenario tests: one <see cref="ScenarioFabric"/> per test; when a test fails, the
/// fabric's FDBs and EVPN tables go to the output before <see cref="InteropTest"/> tears the lab down.
/// </summary>
public abstract class ScenarioTest : InteropTest
{
    private ScenarioFabric? _fabric;

    /// <summary>
    /// The speaker of the VTEPs that evpnd runs in the lab. EVPND_SCENARIO_VTEPS=frr runs
    /// them with FRR instead: the baseline that shows a scenario itself is sound.
    /// </summary>
    protected static VtepKind EvpndVtep =>
        Environment.GetEnvironmentVariable("EVPND_SCENARIO_VTEPS") == "frr" ? VtepKind.Frr : VtepKind.Evpnd;

    protected ScenarioFabric Fabric => _fabric ?? throw new InvalidOperationException("no fabric built yet");

    /// <summary>Builds and starts the fabric; hosts are plugged in but have sent nothing yet.</summary>
    protected Task<ScenarioFabric> StartFabricAsync(FabricKind kind, params VtepSpec[] vteps) => StartFabricAsync(kind, configure: null, vteps);

    /// <summary>Builds the fabric, lets <paramref name="configure"/> add to its speakers' configuration, and starts it.</summary>
    protected async Task<ScenarioFabric> StartFabricAsync(FabricKind kind, Action<ScenarioFabric>? configure, params VtepSpec[] vteps)
    {
        _fabric = await ScenarioFabric.BuildAsync(Lab, kind, vteps);
        configure?.Invoke(_fabric);
        await _fabric.StartAsync();
        return _fabric;
    }

    // NUnit runs a derived class's TearDown before its base's: the lab still exists here.
    [TearDown]
    public async Task WriteFabricDiagnostics()
    {
        ScenarioFabric? fabric = _fabric;
        _fabric = null;
        if (fabric is not null && TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Passed)
        {
            await fabric.WriteDiagnosticsAsync(TestContext.Out);
        }
    }
}
