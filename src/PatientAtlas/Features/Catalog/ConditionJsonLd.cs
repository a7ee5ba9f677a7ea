using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientAtlas.Features.Catalog;

/// <summary>schema.org MedicalCondition for a condition, shared by the condition and question pages.</summary>
public static class ConditionJsonLd
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };

    public static JsonObject Node(ConditionDetails c, string? url) => new()
    {
        ["@type"] = "MedicalCondition",
        ["name"] = c.Name,
        ["alternateName"] = new JsonArray([.. c.Abbreviations.Concat(c.Synonyms).Select(n => (JsonNode)n)]),
        ["description"] = c.Definition,
        ["url"] = url,
        ["code"] = new JsonArray([.. c.Codes.Select(code => (JsonNode)new JsonObject
        {
            ["@type"] = "MedicalCode",
            ["codeValue"] = code.Value,
            ["codingSystem"] = CodeSystems.Label(code.System),
        })]),
    };

    public static string For(ConditionDetails c, string url)
    {
        var node = Node(c, url);
        node.Insert(0, "@context", "https://schema.org");
        return Serialize(node);
    }

    /// <summary>JSON that is safe inside a script element: "&lt;" and "&amp;" are escaped by the encoder.</summary>
    public static string Serialize(JsonNode node) => node.ToJsonString(Options);
}
