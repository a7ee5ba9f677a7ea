using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Editorial;

/// <summary>A summary's links are written in full: "//host" and scheme tricks are a field error, on the page and the API (issue 24, finding 13).</summary>
public sealed class UnsafeLinkTests
{
    [Theory]
    [InlineData("[the study](//evil.example/study)")]
    [InlineData("[the study](https:evil.example)")]
    [InlineData("<https:evil.example>")]
    [InlineData("[the study](/\\evil.example)")]
    [InlineData("[the study](javascript:alert(1))")]
    [InlineData("[the study][s]\n\n[s]: //evil.example")]
    public async Task Protocol_relative_and_scheme_tricks_are_refused_with_a_field_error_and_nothing_is_saved(string link)
    {
        await using var app = await AtlasApp.StartAsync();
        var (editor, _, _) = await Editors.EditorAsync(app);
        var body = "## What the evidence says\n\nStress is the trigger most often reported: " + link + ".";

        var page = await editor.SaveAsync(Editors.Draft(body: body));
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("Write links in full", page.Document.QuerySelector("#Form_Body-error")?.TextContent, StringComparison.Ordinal);

        var token = await TokenTests.MakeTokenAsync(editor, scope: "Write");
        using var api = await ApiCalls.SendAsync(app, HttpMethod.Put, "/api/v1/editorial/hemifacial-spasm/triggers/en/draft", token, JsonContent.Create(new
        {
            shortAnswer = "Stress and fatigue.", bodyMarkdown = body, changeNote = "First",
            citations = new[] { new { identifier = "PMID:31234567", title = "A study", accessed = "2026-11-20" } },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        using var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        Assert.Contains("Write links in full", problem.RootElement.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await Editors.RevisionsAsync(app));
    }

    [Fact]
    public async Task Links_written_in_full_to_the_web_or_to_this_site_are_saved()
    {
        await using var app = await AtlasApp.StartAsync();
        var (editor, _, _) = await Editors.EditorAsync(app);
        var saved = await editor.SaveAsync(Editors.Draft(body: "## Sources\n\nSee [PubMed](https://pubmed.ncbi.nlm.nih.gov/1/), [our page](/conditions/hemifacial-spasm) and [below](#sources)."));
        Assert.Null(saved.Document.QuerySelector("#Form_Body-error"));
        Assert.Single(await Editors.RevisionsAsync(app));
    }
}
