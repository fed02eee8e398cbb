using System.Text.Json;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>JSON settings for what FRR, GoBGP and evpnd print: camelCase names, no indentation.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static T Parse<T>(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new LabException($"{source} printed JSON null");
        }
        catch (JsonException e)
        {
            throw new LabException($"{source} printed JSON that does not match {typeof(T).Name}: {e.Message}\n{Truncate(json)}", e);
        }
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000] + "...";
}
