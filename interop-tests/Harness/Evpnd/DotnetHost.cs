namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>Where the dotnet host and evpnd.dll are, for starting evpnd from the test output directory.</summary>
public static class DotnetHost
{
    /// <summary>evpnd.dll, copied next to the test assembly through the Daemon project reference.</summary>
    public static string EvpndDll => Path.Combine(AppContext.BaseDirectory, "evpnd.dll");

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
