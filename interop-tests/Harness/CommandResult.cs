namespace Evpnd.Interop.Tests.Harness;

/// <summary>What a finished command printed and how it exited.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result, or throws with everything the command printed when it failed.</summary>
    public CommandResult EnsureSuccess()
    {
        if (!Succeeded)
        {
            throw new LabException($"'{CommandLine}' exited with {ExitCode}: {Stderr.Trim()} {Stdout.Trim()}".TrimEnd());
        }

        return this;
    }
}
