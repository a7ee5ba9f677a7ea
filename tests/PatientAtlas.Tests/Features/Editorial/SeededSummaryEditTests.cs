using System.Net;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Editorial;

/// <summary>An editor can change one line of a published demo summary: its references carry the date they were read.</summary>
public sealed class SeededSummaryEditTests
{
    [Fact]
    public async Task AOneLineChangeToThePublishedDietSummarySavesAsADraft()
    {
        await using var app = await AtlasApp.StartAsync();
        var (editor, _, _) = await Editors.EditorAsync(app);
        using var _e = editor;
        const string page = "/editorial/hemifacial-spasm/diet?lang=en";
        var before = (await Editors.RevisionsAsync(app, "hemifacial-spasm", "diet")).Count;

        var form = await editor.GetAsync(page);
        var accessed = form.Document.QuerySelectorAll("form#draft-form input[name$='.Accessed']").Select(i => i.GetAttribute("value")).ToList();
        // Both references of the seeded summary, read on the day it was reviewed; the form's spare rows stay blank.
        Assert.Equal(2, accessed.Count(a => a == "2026-05-08"));

        var saved = await editor.SubmitAsync(form.Document, form.Url, "form#draft-form", new Dictionary<string, string>
        {
            ["Form.ShortAnswer"] = form.Document.QuerySelector("form#draft-form [name='Form.ShortAnswer']")!.TextContent.Trim().Replace("No diet has been shown", "No diet has yet been shown", StringComparison.Ordinal),
            ["Form.ChangeNote"] = "One added sentence",
        });
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal("", Editors.Errors(saved));
        Assert.Equal(before + 1, (await Editors.RevisionsAsync(app, "hemifacial-spasm", "diet")).Count);

        // The editorial pages write dates as the site does, and valid datetime attributes (no seven fractional digits).
        var workspace = await editor.GetAsync(page);
        Assert.All(workspace.Document.QuerySelectorAll("main time"), t => Assert.Matches(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}Z)?$", t.GetAttribute("datetime")!));
        Assert.All(workspace.Document.QuerySelectorAll("ol.trail time"), t => Assert.Matches(@"^\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} UTC$", t.TextContent));
        var dashboard = await editor.GetAsync("/editorial");
        Assert.All(dashboard.Document.QuerySelectorAll("main time"), t => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", t.GetAttribute("datetime")!));
    }
}
