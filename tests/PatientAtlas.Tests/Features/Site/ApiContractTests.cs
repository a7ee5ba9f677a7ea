using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

/// <summary>
/// The OpenAPI document is the contract a generated client is built from, so it must describe what the API really
/// answers: every status every persona of the authorization matrix meets on every API endpoint is declared for that
/// operation, every JSON body has exactly the fields its schema names, and the shapes are ones a generator can use.
/// </summary>
public sealed partial class ApiContractTests(MatrixApp fixture) : IClassFixture<MatrixApp>
{
    private AtlasApp App => fixture.App;

    [Fact]
    public async Task EveryAnswerOfEveryApiEndpointIsDescribedByTheDocument()
    {
        using var document = JsonDocument.Parse(await App.Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var wrong = new List<string>();
        var rows = AuthorizationMatrixTests.Matrix.Where(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.True(rows.Count > 30, "the matrix's API rows");
        foreach (var row in rows)
        {
            var template = RouteConstraint().Replace(row.Pattern, "{$1}");
            if (!paths.TryGetProperty(template, out var item) || !item.TryGetProperty(row.Method.ToLowerInvariant(), out var operation))
            {
                wrong.Add($"{row.Method} {template}: not in the document");
                continue;
            }
            foreach (var persona in Enum.GetValues<Persona>())
            {
                var path = row.Sample.Replace("{member}", Uri.EscapeDataString(fixture.Pseudonyms[Persona.Member]), StringComparison.Ordinal);
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), path);
                if (persona != Persona.Anonymous && row.Rule != Rule.Public)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tokens[persona]);
                }
                using var response = await fixture.Visitors[persona].Http.SendAsync(request);
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!operation.GetProperty("responses").TryGetProperty(status, out var declared))
                {
                    wrong.Add($"{row.Method} {template} as {persona}: {status} is not declared");
                    continue;
                }
                var media = response.Content.Headers.ContentType?.MediaType;
                if (media is not ("application/json" or "application/problem+json"))
                {
                    continue;
                }
                if (!declared.TryGetProperty("content", out var content) || !content.TryGetProperty(media, out var described)
                    || !described.TryGetProperty("schema", out var schema))
                {
                    wrong.Add($"{row.Method} {template} as {persona}: {status} {media} has no schema");
                    continue;
                }
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Conform(body.RootElement, schema, schemas, $"{row.Method} {template} as {persona} {status}", wrong);
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Distinct()));
    }

    [Fact]
    public async Task TheDocumentGivesAGeneratorExactShapes()
    {
        using var document = JsonDocument.Parse(await App.Client.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var wrong = new List<string>();

        // Integers are integers (not "integer or string"), and every reference names a schema that exists.
        var schemas = root.GetProperty("components").GetProperty("schemas");
        Walk(root, "#", (element, where) =>
        {
            if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array
                && type.EnumerateArray().Select(t => t.GetString()).ToHashSet() is var kinds && kinds.Contains("integer") && kinds.Contains("string"))
            {
                wrong.Add($"{where}: integer or string");
            }
            if (element.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target
                && target.StartsWith("#/components/schemas/", StringComparison.Ordinal) && !schemas.TryGetProperty(target["#/components/schemas/".Length..], out _))
            {
                wrong.Add($"{where}: {target} does not exist");
            }
        });

        // Every operation that needs a token says so, with the bearer scheme, and declares 401.
        Assert.True(root.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("bearer", out _), "a bearer scheme");
        foreach (var row in AuthorizationMatrixTests.Matrix.Where(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal) && r.Rule != Rule.Public))
        {
            var operation = root.GetProperty("paths").GetProperty(RouteConstraint().Replace(row.Pattern, "{$1}")).GetProperty(row.Method.ToLowerInvariant());
            if (!operation.TryGetProperty("security", out var security) || security.GetArrayLength() == 0)
            {
                wrong.Add($"{row.Method} {row.Pattern}: no security requirement");
            }
            if (!operation.GetProperty("responses").TryGetProperty("401", out _))
            {
                wrong.Add($"{row.Method} {row.Pattern}: 401 not declared");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task TheSharedResponseOfAPostedExperienceIsItsOwnSchema()
    {
        // Two features each have an "ExperienceDto": the author's answer (status, hold reasons, crisis help) must not be
        // documented as the public one.
        using var document = JsonDocument.Parse(await App.Client.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var created = root.GetProperty("paths").GetProperty("/api/v1/conditions/{condition}/questions/{question}/experiences")
            .GetProperty("post").GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var name = created.GetProperty("$ref").GetString()!["#/components/schemas/".Length..];
        var properties = root.GetProperty("components").GetProperty("schemas").GetProperty(name).GetProperty("properties");
        foreach (var field in new[] { "status", "holdReasons", "crisisResources" })
        {
            Assert.True(properties.TryGetProperty(field, out _), $"{name} lacks {field}");
        }
    }

    /// <summary>
    /// Whether <paramref name="value"/> has the shape <paramref name="schema"/> describes: types, and for objects the
    /// required fields present and no field the schema does not name. Enough to catch an answer documented with another
    /// type's schema; a full JSON Schema validator is not needed for the document's simple shapes.
    /// </summary>
    private static void Conform(JsonElement value, JsonElement schema, JsonElement schemas, string where, List<string> wrong)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..]);
        }
        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(keyword, out var choices))
            {
                var options = choices.EnumerateArray().ToList();
                if (!options.Any(o => { var errors = new List<string>(); Conform(value, o, schemas, where, errors); return errors.Count == 0; }))
                {
                    wrong.Add($"{where}: matches none of {keyword}");
                }
                return;
            }
        }
        var kinds = !schema.TryGetProperty("type", out var type) ? null
            : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToHashSet() : [type.GetString()!];
        if (kinds is null)
        {
            return;
        }
        var actual = value.ValueKind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => value.TryGetInt64(out _) && (kinds.Contains("integer") || !kinds.Contains("number")) ? "integer" : "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        };
        if (!kinds.Contains(actual) && !(actual == "integer" && kinds.Contains("number")))
        {
            wrong.Add($"{where}: {actual} where the document says {string.Join(" or ", kinds)}");
            return;
        }
        if (actual == "array" && schema.TryGetProperty("items", out var items))
        {
            foreach (var item in value.EnumerateArray().Take(5))
            {
                Conform(item, items, schemas, where + "[]", wrong);
            }
        }
        if (actual == "object" && schema.TryGetProperty("properties", out var properties))
        {
            foreach (var field in value.EnumerateObject())
            {
                if (properties.TryGetProperty(field.Name, out var fieldSchema))
                {
                    Conform(field.Value, fieldSchema, schemas, where + "." + field.Name, wrong);
                }
                else if (!schema.TryGetProperty("additionalProperties", out _))
                {
                    wrong.Add($"{where}: {field.Name} is not in the document");
                }
            }
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                {
                    wrong.Add($"{where}: required {name} is missing");
                }
            }
        }
    }

    private static void Walk(JsonElement element, string where, Action<JsonElement, string> visit)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            visit(element, where);
            foreach (var property in element.EnumerateObject())
            {
                Walk(property.Value, where + "/" + property.Name, visit);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, where + "/" + i++, visit);
            }
        }
    }

    /// <summary>"{id:long}" in a route is "{id}" in the document.</summary>
    [GeneratedRegex(@"\{([A-Za-z]+)(?::[^}]+)\}")]
    private static partial Regex RouteConstraint();
}
