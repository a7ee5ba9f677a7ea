using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

/// <summary>
/// Every endpoint of the site has a row here: who may call it and how. A new endpoint without a row fails the first
/// test, so nobody adds a page or an API answer without saying who it is for.
/// </summary>
public sealed class AuthorizationMatrixTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    public enum Access
    {
        /// <summary>Read by anyone, signed in or not; nothing is written.</summary>
        AnyoneReads,
    }

    /// <summary>Route pattern (language-prefixed page routes included), method, who, and a path that exercises it.</summary>
    public static readonly (string Pattern, string Method, Access Access, string Sample)[] Matrix =
    [
        ("/", "GET", Access.AnyoneReads, "/"),
        ("/about", "GET", Access.AnyoneReads, "/about"),
        ("/editorial-policy", "GET", Access.AnyoneReads, "/editorial-policy"),
        ("/medical-disclaimer", "GET", Access.AnyoneReads, "/medical-disclaimer"),
        ("/conditions", "GET", Access.AnyoneReads, "/conditions?letter=h"),
        ("/conditions/{condition}", "GET", Access.AnyoneReads, "/conditions/hemifacial-spasm"),
        ("/conditions/{condition}/{question}", "GET", Access.AnyoneReads, "/conditions/hemifacial-spasm/diet"),
        ("/groups/{group}", "GET", Access.AnyoneReads, "/groups/inflammatory-bowel-disease"),
        ("/reviewers/{reviewer}", "GET", Access.AnyoneReads, "/reviewers/dr-alex-moreno-demo"),
        ("/search", "GET", Access.AnyoneReads, "/search?q=hfs"),
        ("/errors/{code:int}", "GET", Access.AnyoneReads, "/errors/404"),
        ("/api/v1/conditions", "GET", Access.AnyoneReads, "/api/v1/conditions?letter=h"),
        ("/api/v1/conditions/{condition}", "GET", Access.AnyoneReads, "/api/v1/conditions/hemifacial-spasm"),
        ("/api/v1/codes/{code}", "GET", Access.AnyoneReads, "/api/v1/codes/ORPHA:221083"),
        ("/api/v1/conditions/{condition}/questions", "GET", Access.AnyoneReads, "/api/v1/conditions/hemifacial-spasm/questions"),
        ("/api/v1/conditions/{condition}/questions/{question}", "GET", Access.AnyoneReads, "/api/v1/conditions/hemifacial-spasm/questions/diet"),
        ("/api/v1/search/suggest", "GET", Access.AnyoneReads, "/api/v1/search/suggest?q=hemif"),
        ("/openapi/{documentName}.json", "GET", Access.AnyoneReads, "/openapi/v1.json"),
        ("/healthz", "GET", Access.AnyoneReads, "/healthz"),
        ("/robots.txt", "GET", Access.AnyoneReads, "/robots.txt"),
        ("/sitemap.xml", "GET", Access.AnyoneReads, "/sitemap.xml"),
        ("/sitemaps/conditions-{chunk:int}.xml", "GET", Access.AnyoneReads, "/sitemaps/conditions-1.xml"),
        ("/sitemaps/questions-{chunk:int}.xml", "GET", Access.AnyoneReads, "/sitemaps/questions-1.xml"),
    ];

    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var row in Matrix)
        {
            rows.Add(row.Method, row.Sample);
        }
        return rows;
    }

    [Fact]
    public void EveryEndpointHasARow()
    {
        var rows = Matrix.Select(r => $"{r.Method} {r.Pattern}").ToHashSet(StringComparer.Ordinal);
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !IsStaticAsset(e))
            .SelectMany(e => Methods(e).Select(m => $"{m} {Neutral(e.RoutePattern.RawText!)}"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Empty(endpoints.Except(rows).Order(StringComparer.Ordinal));
        Assert.Empty(rows.Except(endpoints).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task WhatAnyoneMayReadAnswersAStrangerAndWritesAreRefused(string method, string sample)
    {
        Assert.Equal("GET", method);
        using (var read = await App.Client.GetAsync(sample))
        {
            // An error page browsed to directly is a 404 by design; everything else answers a stranger in full.
            var expected = sample.StartsWith("/errors/", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK;
            Assert.Equal(expected, read.StatusCode);
        }
        // Nothing here is written by a stranger: a POST is refused (antiforgery on pages, no such method on the rest).
        using var write = await App.Client.PostAsync(sample, new FormUrlEncodedContent([]));
        Assert.True((int)write.StatusCode is 400 or 404 or 405, $"POST {sample}: {(int)write.StatusCode}");
    }

    private static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().FullName?.StartsWith("Microsoft.AspNetCore.StaticAssets", StringComparison.Ordinal) == true);

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    /// <summary>"/{culture:regex(^es$)}/conditions" and "conditions" → "/conditions": one row covers both languages.</summary>
    private static string Neutral(string pattern)
    {
        var path = "/" + pattern.TrimStart('/');
        const string prefix = "/{culture:regex(^es$)}";
        if (path.StartsWith(prefix, StringComparison.Ordinal))
        {
            path = path[prefix.Length..];
        }
        path = path.TrimEnd('/');
        return path.Length == 0 ? "/" : path;
    }
}
