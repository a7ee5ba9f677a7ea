using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Summaries;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Editorial;

/// <summary>Export and import of summaries as a zip of Markdown files with YAML front matter.</summary>
public sealed class BundleTests
{
    private static async Task<PageResult> ImportAsync(Visitor editor, byte[] zip)
    {
        var page = await editor.GetAsync("/editorial/import");
        var token = page.Document.QuerySelector($"form#import-form input[name='{Visitor.AntiforgeryField}']")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), Visitor.AntiforgeryField },
            { new ByteArrayContent(zip), "bundle", "summaries.zip" },
        };
        using var response = await editor.Http.PostAsync("/editorial/import", content);
        var html = await response.Content.ReadAsStringAsync();
        return new PageResult(response.StatusCode, new Uri(editor.Http.BaseAddress!, "/editorial/import"), new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html), []);
    }

    private static byte[] Zip(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
        }
        return buffer.ToArray();
    }

    private const string Triggers = """
        ---
        condition: hemifacial-spasm
        question: triggers
        language: en
        status: draft
        short_answer: Stress and tiredness are the triggers people report most.
        change_note: Imported from the team's drafts
        citations:
        - identifier: 10.1016/j.jns.2020.116123
          title: Triggers of hemifacial spasm
          accessed: 2026-11-20
        ---

        ## What the evidence says

        Stress is reported most.
        """;

    [Fact]
    public async Task The_export_is_markdown_with_front_matter_and_an_import_of_it_makes_drafts_that_go_through_review()
    {
        await using var app = await AtlasApp.StartAsync();
        var (editor, _, _) = await Editors.EditorAsync(app);

        using var export = await editor.Http.GetAsync("/editorial/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/zip", export.Content.Headers.ContentType?.MediaType);
        var exported = await export.Content.ReadAsByteArrayAsync();
        string diet;
        using (var zip = new ZipArchive(new MemoryStream(exported)))
        {
            Assert.Equal(14, zip.Entries.Count);
            using var reader = new StreamReader(zip.GetEntry("hemifacial-spasm/diet.en.md")!.Open());
            diet = await reader.ReadToEndAsync();
        }
        Assert.StartsWith("---\ncondition: hemifacial-spasm\nquestion: diet\nlanguage: en\nstatus: published\n", diet, StringComparison.Ordinal);
        Assert.Contains("citations:", diet, StringComparison.Ordinal);

        // The demo's sources carry the date they were read (the day the summary was reviewed), so the export imports as it
        // is; a source without one is asked for it.
        Assert.Contains("accessed: 2026-05-08", diet, StringComparison.Ordinal);
        var edited = diet.Replace("status: published", "status: draft", StringComparison.Ordinal).Replace("short_answer: ", "short_answer: Updated. ", StringComparison.Ordinal);
        var undated = await ImportAsync(editor, Zip(("hemifacial-spasm/diet.en.md",
            string.Join('\n', diet.Split('\n').Where(l => !l.TrimStart().StartsWith("accessed:", StringComparison.Ordinal))))));
        Assert.Equal(HttpStatusCode.BadRequest, undated.Status);
        Assert.Contains("Give the date you read the source.", undated.Document.QuerySelector("#problems")!.TextContent, StringComparison.Ordinal);
        var imported = await ImportAsync(editor, Zip(("hemifacial-spasm/diet.en.md", edited), ("new/triggers.en.md", Triggers.Replace("\r\n", "\n", StringComparison.Ordinal))));
        Assert.Equal(HttpStatusCode.OK, imported.Status);
        Assert.Equal("2 drafts imported; they wait in the drafts list.", imported.Document.QuerySelector("#imported")?.TextContent.Trim());

        var triggers = Assert.Single(await Editors.RevisionsAsync(app));
        Assert.Equal(SummaryStatus.Draft, triggers.Status);
        Assert.Equal("10.1016/j.jns.2020.116123", Assert.Single(triggers.Citations).Doi);
        var diets = await Editors.RevisionsAsync(app, question: "diet");
        Assert.Equal(3, diets.Count);
        Assert.StartsWith("Updated. ", diets.Single(r => r.Status == SummaryStatus.Draft).ShortAnswer, StringComparison.Ordinal);
        // The published text stays until the imported draft is reviewed.
        Assert.DoesNotContain("Updated.", (await app.GetDocumentAsync("/conditions/hemifacial-spasm/diet")).QuerySelector(".short-answer")!.TextContent, StringComparison.Ordinal);
        var page = await editor.GetAsync(Editors.Page);
        Assert.Contains("imported from new/triggers.en.md", page.Document.QuerySelector(".trail")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("form#submit-form"));
    }

    [Fact]
    public async Task A_broken_import_names_each_file_and_line_and_changes_nothing()
    {
        await using var app = await AtlasApp.StartAsync();
        var (editor, _, _) = await Editors.EditorAsync(app);
        var before = await app.WithDbAsync(db => db.SummaryRevisions.CountAsync());
        var good = Triggers.Replace("\r\n", "\n", StringComparison.Ordinal);
        var badDoi = good.Replace("question: triggers", "question: sleep", StringComparison.Ordinal).Replace("10.1016/j.jns.2020.116123", "10.12/nope", StringComparison.Ordinal);
        var badYaml = good.Replace("question: triggers", "question: [unclosed", StringComparison.Ordinal);
        var noAnswer = good.Replace("question: triggers", "question: exercise", StringComparison.Ordinal).Replace("short_answer: Stress and tiredness are the triggers people report most.", "short_answer: ''", StringComparison.Ordinal);
        var unknown = good.Replace("condition: hemifacial-spasm", "condition: no-such-condition", StringComparison.Ordinal);

        var refused = await ImportAsync(editor, Zip(("good.md", good), ("doi.md", badDoi), ("yaml.md", badYaml), ("answer.md", noAnswer), ("unknown.md", unknown)));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        var problems = refused.Document.QuerySelectorAll("#problems li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Contains(problems, p => p.StartsWith("doi.md:9: A DOI reads 10.NNNN/suffix", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("yaml.md:3: Invalid YAML", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("answer.md:6: Write the short answer.", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("unknown.md:3: No such condition, question or language: no-such-condition/triggers/en", StringComparison.Ordinal));
        Assert.Equal(4, problems.Count);
        Assert.Equal(before, await app.WithDbAsync(db => db.SummaryRevisions.CountAsync()));
        Assert.Empty(await Editors.RevisionsAsync(app));

        // Not a zip at all.
        var notZip = await ImportAsync(editor, Encoding.UTF8.GetBytes("plain text"));
        Assert.Equal(HttpStatusCode.BadRequest, notZip.Status);
        Assert.Contains("(zip): This is not a zip file.", notZip.Document.QuerySelector("#problems")!.TextContent, StringComparison.Ordinal);
    }
}
