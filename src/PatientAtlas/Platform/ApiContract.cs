using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace PatientAtlas.Platform;

/// <summary>
/// The OpenAPI document is the API's contract: what a generated client is built from. ASP.NET Core derives most of it
/// from the endpoints; this adds what it cannot see (who may call an operation, the answers the pipeline gives before
/// the handler runs) and keeps its shapes exact (integers as integers, one schema per type).
/// </summary>
public static class ApiContract
{
    public const string BearerScheme = "bearer";
    private const string ProblemSchema = "ProblemDetails";

    public static IServiceCollection AddApiContract(this IServiceCollection services)
    {
        // Numbers are numbers: JSON's web defaults also read "5" as 5, which made every integer of the document
        // "integer or string", and a generated client could not pass an id it had been given.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.Configure<OpenApiOptions>("v1", o =>
        {
            o.CreateSchemaReferenceId = SchemaName;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal access token made at /account/tokens, with the scope read or write. "
                        + "Each operation lists the policies it needs (api-read, api-write, consent, a role).",
                };
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas[ProblemSchema] = Problem();
                if (document.Components.Schemas.TryGetValue("HttpValidationProblemDetails", out var validation) && validation is OpenApiSchema invalid)
                {
                    invalid.Properties ??= new Dictionary<string, IOpenApiSchema>();
                    invalid.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String };
                    invalid.AdditionalPropertiesAllowed = true;
                    invalid.AdditionalProperties = new OpenApiSchema();
                }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                Describe(operation, context);
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>
    /// One schema name per type: a type's own name, or, when two types of the API share it (two features each with
    /// their own "ExperienceDto"), its feature's name before it ("QuestionsExperienceDto"), so neither hides the other.
    /// </summary>
    private static string? SchemaName(JsonTypeInfo type)
    {
        var name = OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        var declaring = type.Type.DeclaringType;
        if (name is null || declaring is null || !Shared.Value.Contains(type.Type.Name))
        {
            return name;
        }
        var owner = declaring.Name.EndsWith("Api", StringComparison.Ordinal) ? declaring.Name[..^3] : declaring.Name;
        return owner + name;
    }

    private static readonly Lazy<HashSet<string>> Shared = new(() => typeof(ApiContract).Assembly.GetTypes()
        .Where(t => t.IsNested && t.DeclaringType!.Name.EndsWith("Api", StringComparison.Ordinal))
        .GroupBy(t => t.Name, StringComparer.Ordinal)
        .Where(g => g.Count() > 1)
        .Select(g => g.Key)
        .ToHashSet(StringComparer.Ordinal));

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var path = "/" + (context.Description.RelativePath ?? "");
        if (!path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return;
        }
        operation.Responses ??= [];
        var policies = metadata.OfType<IAuthorizeData>()
            .SelectMany(a => new[] { a.Policy, a.Roles is null ? null : "role:" + a.Roles })
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (authorized)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = policies }];
            Declare(operation, context, "401", "No token, or one that is expired or revoked.");
            Declare(operation, context, "403", "The token lacks the scope, the member has not consented, lacks the role, or is suspended (the problem's title says which).");
            if (policies.Count > 0)
            {
                operation.Description = (operation.Description is null ? "" : operation.Description + "\n\n")
                    + "Needs: " + string.Join(", ", policies) + ".";
            }
        }
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Declare(operation, context, "429", "Too many requests from this client; Retry-After says when to try again.");
        }
        if (context.Description.ParameterDescriptions.Count > 0)
        {
            Declare(operation, context, "400", "A parameter or the body is not valid; the problem's errors name the fields.");
        }
        if (context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Path"))
        {
            Declare(operation, context, "404", "Nothing with that address, or nothing this caller may see.");
        }
    }

    private static void Declare(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
            },
        };
    }

    /// <summary>RFC 9457 problem details, as every error of the API answers.</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        // RFC 9457 lets a problem carry extension members (an endpoint's own codes, for example).
        AdditionalPropertiesAllowed = true,
        AdditionalProperties = new OpenApiSchema(),
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}
