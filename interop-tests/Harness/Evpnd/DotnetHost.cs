namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>Where the dotnet host and evpnd.dll are, for starting evpnd from the test output directory.</summary>
public static class DotnetHost
{
    /// <summary>evpnd.dll, copied next to the test assembly through the Daemon project reference.</summary>
    public static string EvpndDll => Path.Combine(AppContext.BaseDirectory, "evpnd.dll");

    /// <summary>
    /// The published single-file executable to test instead of evpnd.dll (EVPND_BINARY, e.g. the
    /// Native AOT build of packaging/build-deb), or null for `dotnet evpnd.dll`.
    /// </summary>
    public static string? EvpndBinary =>
        Environment.GetEnvironmentVariable("EVPND_BINARY") is { Length: > 0 } binary ? Path.GetFullPath(binary) : null;

    /// <summary>The command that runs evpnd: the executable of <see cref="EvpndBinary"/>, else the dotnet host and evpnd.dll.</summary>
    public static string[] EvpndCommand =>
        EvpndBinary is { } binary
            ? [binary]
            : [HostPath ?? throw new LabException("the dotnet host was not found"), EvpndDll];

    /// <summary>The dotnet host: DOTNET_HOST_PATH when the SDK set it, else the first `dotnet` on PATH.</summary>
    public static string? HostPath
    {
        get
        {
            string? fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
            {
                return fromSdk;
            }

            return Harness.Prerequisites.FindOnPath("dotnet");
        }
    }
}
