namespace Evpnd.Interop.Tests.Harness;

/// <summary>The lab could not be set up or driven (a command failed, a daemon died, a file was missing).</summary>
public sealed class LabException : Exception
{
    public LabException(string message)
        : base(message)
    {
    }

    public LabException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
