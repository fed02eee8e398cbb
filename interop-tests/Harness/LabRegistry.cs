namespace Evpnd.Interop.Tests.Harness;

/// <summary>
/// The labs still alive in this process. If the test host exits without disposing one (a crash in
/// a fixture, an aborted run), ProcessExit and the assembly's OneTimeTearDown clean them up.
/// </summary>
public static class LabRegistry
{
    private static readonly object s_gate = new();
    private static readonly HashSet<Lab> s_labs = [];
    private static bool s_hooked;

    internal static void Add(Lab lab)
    {
        lock (s_gate)
        {
            if (!s_hooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAll();
                s_hooked = true;
            }

            s_labs.Add(lab);
        }
    }

    internal static void Remove(Lab lab)
    {
        lock (s_gate)
        {
            s_labs.Remove(lab);
        }
    }

    /// <summary>Disposes every live lab; returns the clean-up problems instead of throwing.</summary>
    public static IReadOnlyList<string> DisposeAll()
    {
        Lab[] labs;
        lock (s_gate)
        {
            labs = [.. s_labs];
        }

        List<string> problems = [];
        foreach (Lab lab in labs)
        {
            try
            {
                lab.Dispose();
            }
            catch (LabException e)
            {
                problems.Add(e.Message);
            }
        }

        return problems;
    }
}
