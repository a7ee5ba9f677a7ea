using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Summaries;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Editorial;

/// <summary>Every move of a summary's revisions through the editorial pages, who may make it, and what the public then sees.</summary>
public sealed class WorkflowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static Task<AtlasApp> StartAsync(Dictionary<string, string?>? settings = null) =>
        AtlasApp.StartAsync(settings: settings, clock: new FakeTimeProvider(Now));

    [Fact]
    public async Task A_summary_is_drafted_sent_back_fixed_approved_and_published_with_its_review_dates()
    {
        await using var app = await StartAsync();
        var (editor, _, editorName) = await Editors.EditorAsync(app);
        var (reviewer, reviewerName) = await Editors.ReviewerAsync(app);

        // A question without a summary: the new draft starts from the outline (sections and the community's facts).
        var start = await editor.GetAsync(Editors.Page);
        Assert.Equal(HttpStatusCode.OK, start.Status);
        Assert.Contains("## What the evidence says", start.Document.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Nobody has shared an experience yet.", start.Document.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);

        var saved = await editor.SaveAsync(Editors.Draft());
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal("Draft saved.", saved.Document.QuerySelector("#done")?.TextContent.Trim());
        var draft = Assert.Single(await Editors.RevisionsAsync(app));
        Assert.Equal(SummaryStatus.Draft, draft.Status);
        Assert.Equal(editorName, draft.AuthorName);
        Assert.Equal("10.1016/j.jns.2020.116123", Assert.Single(draft.Citations).Doi);
        Assert.Equal(new DateOnly(2026, 11, 20), draft.Citations[0].AccessedOn);

        // Nothing is public before approval.
        Assert.Null((await app.GetDocumentAsync(Editors.Public)).QuerySelector(".badge-line"));

        await editor.SubmitForReviewAsync();
        Assert.Equal(SummaryStatus.InReview, Assert.Single(await Editors.RevisionsAsync(app)).Status);

        // The reviewer sees the word diff (all new against nothing published) and sends it back about one section.
        var review = await reviewer.GetAsync(Editors.Page);
        Assert.NotNull(review.Document.QuerySelector(".diff ins"));
        Assert.Null(review.Document.QuerySelector("form#draft-form"));
        var sentBack = await reviewer.ReviewAsync(review, "requestchanges", "Say how often stress is reported, with n.", "What the evidence says");
        Assert.Equal(HttpStatusCode.OK, sentBack.Status);
        Assert.Equal(SummaryStatus.ChangesRequested, Assert.Single(await Editors.RevisionsAsync(app)).Status);

        // The editor reads the comment, fixes the text (it becomes a draft again) and resubmits.
        var fix = await editor.GetAsync(Editors.Page);
        Assert.Contains("Say how often stress is reported", fix.Document.QuerySelector(".comments")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("What the evidence says", fix.Document.QuerySelector(".comments .section-name")!.TextContent, StringComparison.Ordinal);
        await editor.SaveAsync(Editors.Draft(body: "## What the evidence says\n\nStress is the trigger most often reported (12 of 30 people in one series).\n\n## When to talk to a doctor\n\nIf the spasms spread.", note: "Stress figures added"));
        Assert.Equal(SummaryStatus.Draft, Assert.Single(await Editors.RevisionsAsync(app)).Status);
        await editor.SubmitForReviewAsync();

        var second = await reviewer.GetAsync(Editors.Page);
        var approved = await reviewer.ReviewAsync(second, "approve");
        Assert.Equal(HttpStatusCode.OK, approved.Status);
        Assert.Equal("Approved and published.", approved.Document.QuerySelector("#done")?.TextContent.Trim());
        var published = Assert.Single(await Editors.RevisionsAsync(app));
        Assert.Equal(SummaryStatus.Published, published.Status);
        Assert.Equal(new DateOnly(2026, 12, 1), published.ReviewedOn);
        Assert.Equal(new DateOnly(2027, 12, 1), published.NextReviewDue);

        // The public page at once: badge line, byline with credentials linking to the profile, next review due, history link, JSON-LD.
        var page = await app.GetDocumentAsync(Editors.Public);
        Assert.Contains("Medically reviewed summary", page.QuerySelector(".badge-line")!.TextContent, StringComparison.Ordinal);
        var byline = page.QuerySelector(".byline a.reviewer")!;
        Assert.Equal($"Dr. {reviewerName}, MD, Neurology", byline.TextContent.Trim());
        Assert.Equal("/reviewers/dr-" + reviewerName.ToLowerInvariant().Replace('_', '-'), byline.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector(".dates time[datetime='2027-12-01']"));
        Assert.Equal(Editors.Public + "/history", page.QuerySelector(".history-link a")!.GetAttribute("href"));
        using (var ld = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent))
        {
            Assert.Equal("2026-12-01", ld.RootElement.GetProperty("lastReviewed").GetString());
            // The next review date is on the page, not in the structured data as "expires" (read as withdrawn content).
            Assert.False(ld.RootElement.TryGetProperty("expires", out _));
            Assert.Equal("MD, Neurology", ld.RootElement.GetProperty("reviewedBy").GetProperty("honorificSuffix").GetString());
        }
        var history = await app.GetDocumentAsync(Editors.Public + "/history");
        Assert.Contains("Stress figures added", history.QuerySelector("#history")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(reviewerName, (await app.GetDocumentAsync("/reviewers/dr-" + reviewerName.ToLowerInvariant().Replace('_', '-'))).Body!.TextContent, StringComparison.Ordinal);

        // The editor sees the whole trail, in order.
        var trail = (await editor.GetAsync(Editors.Page)).Document.QuerySelectorAll(".trail code").Select(c => c.TextContent).ToList();
        Assert.Equal(["summary.created", "summary.submitted", "summary.changes-requested", "summary.edited", "summary.submitted", "summary.approved", "summary.published"], trail);
    }

    [Fact]
    public async Task Approval_supersedes_the_published_revision_and_a_restore_makes_a_new_draft_without_rewriting_history()
    {
        await using var app = await StartAsync(new() { ["Editorial:ReviewMonthsByTemplate:triggers"] = "6" });
        var (editor, _, _) = await Editors.EditorAsync(app);
        var (reviewer, _) = await Editors.ReviewerAsync(app);
        await editor.SaveAsync(Editors.Draft(shortAnswer: "First answer."));
        await editor.SubmitForReviewAsync();
        await reviewer.ReviewAsync(await reviewer.GetAsync(Editors.Page), "approve");
        // The next draft starts from the published text.
        Assert.Equal("First answer.", (await editor.GetAsync(Editors.Page)).Document.QuerySelector("#Form_ShortAnswer")!.TextContent);
        await editor.SaveAsync(Editors.Draft(shortAnswer: "Second answer.", note: "Rewritten"));
        await editor.SubmitForReviewAsync();
        await reviewer.ReviewAsync(await reviewer.GetAsync(Editors.Page), "approve");

        var revisions = await Editors.RevisionsAsync(app);
        Assert.Equal([SummaryStatus.Superseded, SummaryStatus.Published], revisions.Select(r => r.Status));
        // Per-template policy: six months for triggers.
        Assert.Equal(new DateOnly(2027, 6, 1), revisions[1].NextReviewDue);
        Assert.Equal("Second answer.", (await app.GetDocumentAsync(Editors.Public)).QuerySelector(".short-answer")!.TextContent);

        var restored = await editor.SubmitAsync(Editors.Page, $"form:has(input[name='revision'][value='{revisions[0].Id}'])");
        Assert.Equal("A new draft was made from the old revision.", restored.Document.QuerySelector("#done")?.TextContent.Trim());
        var after = await Editors.RevisionsAsync(app);
        Assert.Equal([SummaryStatus.Superseded, SummaryStatus.Published, SummaryStatus.Draft], after.Select(r => r.Status));
        Assert.Equal("First answer.", after[2].ShortAnswer);
        Assert.Equal(revisions[0].Id, after[2].RestoredFromId);
        Assert.Equal(revisions[0].ShortAnswer, after[0].ShortAnswer);
        // The public page keeps the published text until the restored draft is approved.
        Assert.Equal("Second answer.", (await app.GetDocumentAsync(Editors.Public)).QuerySelector(".short-answer")!.TextContent);
        Assert.Contains("summary.superseded", (await editor.GetAsync(Editors.Page)).Document.QuerySelector(".trail")!.TextContent, StringComparison.Ordinal);

        // Editors read the full history diff by diff: the second revision against the first.
        var diff = await editor.GetAsync($"/editorial/hemifacial-spasm/triggers/preview?lang=en&revision={revisions[1].Id}");
        Assert.Equal("First", diff.Document.QuerySelector(".diff del")?.TextContent);
        Assert.Equal("Second", diff.Document.QuerySelector(".diff ins")?.TextContent);
    }

    [Theory]
    [InlineData("10.12/abc", "Form.Citations[0].Identifier", "A DOI reads 10.NNNN/suffix")]
    [InlineData("1234567890", "Form.Citations[0].Identifier", "A PubMed ID is 1 to 9 digits")]
    [InlineData("ftp://example.org/paper", "Form.Citations[0].Identifier", "Not a PubMed ID (digits), a DOI")]
    [InlineData("", "Form.ShortAnswer", "Write the short answer.")]
    [InlineData("31/12/2026", "Form.Citations[0].Accessed", "The date reads YYYY-MM-DD.")]
    public async Task Bad_input_gets_a_field_error_and_stores_nothing(string value, string field, string message)
    {
        await using var app = await StartAsync();
        var (editor, _, _) = await Editors.EditorAsync(app);
        var fields = field switch
        {
            "Form.ShortAnswer" => Editors.Draft(shortAnswer: value),
            "Form.Citations[0].Accessed" => Editors.Draft(accessed: value),
            _ => Editors.Draft(identifier: value),
        };
        var refused = await editor.SaveAsync(fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        var input = refused.Document.GetElementById(PatientAtlas.Features.Forms.FormErrors.Id(field))!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Contains(message, refused.Document.GetElementById(PatientAtlas.Features.Forms.FormErrors.Id(field) + "-error")!.TextContent, StringComparison.Ordinal);
        // What was typed stays in the form.
        Assert.Equal(fields["Form.Citations[0].Title"], refused.Document.GetElementById("Form_Citations_0__Title")!.GetAttribute("value"));
        Assert.Empty(await Editors.RevisionsAsync(app));
    }

    [Fact]
    public async Task Nobody_approves_text_they_wrote_or_edited()
    {
        await using var app = await StartAsync();
        var (both, _) = await Editors.ReviewerAsync(app, profile: true, Roles.Editor);
        var (editor, _, _) = await Editors.EditorAsync(app);
        await editor.SaveAsync(Editors.Draft());
        // The reviewer edits the editor's draft: now it is their text too.
        await both.SaveAsync(Editors.Draft(note: "Tightened"));
        await editor.SubmitForReviewAsync();

        // Not in their review queue: it waits with the work in progress, for another reviewer.
        var index = await both.GetAsync("/editorial");
        Assert.DoesNotContain("/editorial/hemifacial-spasm/triggers", index.Document.QuerySelector("#review-queue")?.InnerHtml ?? "", StringComparison.Ordinal);
        Assert.NotNull(index.Document.QuerySelector("#drafts a[href='/editorial/hemifacial-spasm/triggers?lang=en']"));

        var page = await both.GetAsync(Editors.Page);
        Assert.Null(page.Document.QuerySelector("#approve"));
        Assert.Null(page.Document.QuerySelector("#request-changes"));
        Assert.NotNull(page.Document.QuerySelector("#own-text"));
        foreach (var decision in new[] { "approve", "requestchanges" })
        {
            var refused = await both.ReviewAsync(page, decision, "Looks good to me.");
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
            Assert.Contains("another reviewer must approve it", Editors.Errors(refused), StringComparison.Ordinal);
        }
        Assert.Equal(SummaryStatus.InReview, Assert.Single(await Editors.RevisionsAsync(app)).Status);
        Assert.DoesNotContain(await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()), a => a is "summary.approved" or "summary.changes-requested");

        // Another reviewer may.
        var (other, _) = await Editors.ReviewerAsync(app);
        Assert.NotNull((await other.GetAsync("/editorial")).Document.QuerySelector("#review-queue a[href='/editorial/hemifacial-spasm/triggers?lang=en']"));
        Assert.Equal(HttpStatusCode.OK, (await other.ReviewAsync(await other.GetAsync(Editors.Page), "approve")).Status);
        Assert.Equal(SummaryStatus.Published, Assert.Single(await Editors.RevisionsAsync(app)).Status);
    }

    [Fact]
    public async Task Approving_a_revision_that_changed_since_it_was_opened_is_refused()
    {
        await using var app = await StartAsync();
        var (editor, _, _) = await Editors.EditorAsync(app);
        var (reviewer, _) = await Editors.ReviewerAsync(app);
        await editor.SaveAsync(Editors.Draft(shortAnswer: "What the reviewer read."));
        await editor.SubmitForReviewAsync();
        var opened = await reviewer.GetAsync(Editors.Page);

        // Meanwhile the editor changes the text and submits it again.
        await editor.SaveAsync(Editors.Draft(shortAnswer: "What the reviewer never read."));
        await editor.SubmitForReviewAsync();

        var refused = await reviewer.ReviewAsync(opened, "approve");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("The text changed since you opened it", Editors.Errors(refused), StringComparison.Ordinal);
        Assert.Equal(SummaryStatus.InReview, Assert.Single(await Editors.RevisionsAsync(app)).Status);
        Assert.Null((await app.GetDocumentAsync(Editors.Public)).QuerySelector(".badge-line"));
    }

    [Fact]
    public async Task Two_editors_saving_the_same_draft_meet_a_conflict_page_and_nothing_typed_is_lost()
    {
        await using var app = await StartAsync();
        var (first, _, firstName) = await Editors.EditorAsync(app);
        var (second, _, _) = await Editors.EditorAsync(app);
        await first.SaveAsync(Editors.Draft(shortAnswer: "The common text."));
        var pageOfFirst = await first.GetAsync(Editors.Page);
        var pageOfSecond = await second.GetAsync(Editors.Page);

        var fields = Editors.Draft(shortAnswer: "The first editor's words.");
        Assert.Equal(HttpStatusCode.OK, (await first.SubmitAsync(pageOfFirst.Document, pageOfFirst.Url, "form#draft-form", fields)).Status);
        var conflict = await second.SubmitAsync(pageOfSecond.Document, pageOfSecond.Url, "form#draft-form", Editors.Draft(shortAnswer: "The second editor's words."));

        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        var sides = conflict.Document.QuerySelectorAll("#conflict .side-by-side > div").ToList();
        Assert.Equal(2, sides.Count);
        Assert.Contains("The first editor's words.", sides[0].TextContent, StringComparison.Ordinal);
        Assert.Contains(firstName, sides[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("The second editor's words.", sides[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("The second editor's words.", conflict.Document.QuerySelector("#Form_ShortAnswer")!.TextContent);
        Assert.NotNull(conflict.Document.QuerySelector(".diff del"));
        Assert.Equal("The first editor's words.", Assert.Single(await Editors.RevisionsAsync(app)).ShortAnswer);

        // Saving again from the conflict page replaces theirs knowingly.
        var resolved = await second.SubmitAsync(conflict.Document, conflict.Url, "form#draft-form");
        Assert.Equal(HttpStatusCode.OK, resolved.Status);
        Assert.Equal("The second editor's words.", Assert.Single(await Editors.RevisionsAsync(app)).ShortAnswer);
    }

    [Fact]
    public async Task Acting_without_the_role_is_refused_and_changes_nothing()
    {
        await using var app = await StartAsync();
        var (editor, _, _) = await Editors.EditorAsync(app);
        var (reviewer, _) = await Editors.ReviewerAsync(app);
        var (noProfile, _) = await Editors.ReviewerAsync(app, profile: false);
        var (member, _, _) = await app.MemberAsync();
        await editor.SaveAsync(Editors.Draft());

        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(Editors.Page)).Status);
        var (moderator, _, _) = await app.MemberAsync(Roles.Moderator);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync(Editors.Page)).Status);

        // An editor cannot approve or send back; a reviewer cannot write the draft.
        var page = await reviewer.GetAsync(Editors.Page);
        var save = (AngleSharp.Html.Dom.IHtmlFormElement)page.Document.QuerySelector("form#review-form")!;
        save.SetAttribute("action", save.GetAttribute("action")!.Replace("handler=comment", "handler=save", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.SubmitAsync(page.Document, page.Url, "form#review-form")).Status);
        await editor.SubmitForReviewAsync();
        var editorsView = await editor.GetAsync(Editors.Page);
        Assert.Null(editorsView.Document.QuerySelector("#approve"));
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.ReviewAsync(editorsView, "approve")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.ReviewAsync(editorsView, "requestchanges", "no")).Status);

        // A reviewer without a profile (credentials) cannot approve.
        var unprofiled = await noProfile.ReviewAsync(await noProfile.GetAsync(Editors.Page), "approve");
        Assert.Equal(HttpStatusCode.BadRequest, unprofiled.Status);
        Assert.Contains("reviewer profile", Editors.Errors(unprofiled), StringComparison.Ordinal);
        // Requesting changes needs a comment.
        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.ReviewAsync(await reviewer.GetAsync(Editors.Page), "requestchanges", "")).Status);

        var revision = Assert.Single(await Editors.RevisionsAsync(app));
        Assert.Equal(SummaryStatus.InReview, revision.Status);
        Assert.Equal(Editors.Draft()["Form.ShortAnswer"], revision.ShortAnswer);
    }

    [Fact]
    public async Task The_preview_is_the_public_page_s_rendering_of_the_draft()
    {
        await using var app = await StartAsync();
        var (editor, _, _) = await Editors.EditorAsync(app);
        await editor.SaveAsync(Editors.Draft(body: "## Caution\n\n:::caution\nDo not stop a medicine on your own.\n:::"));
        var preview = await editor.GetAsync("/editorial/hemifacial-spasm/triggers/preview?lang=en");
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.NotNull(preview.Document.QuerySelector("article.question .badge-line"));
        Assert.Equal("note", preview.Document.QuerySelector(".summary-body .caution")?.GetAttribute("role"));
        Assert.NotNull(preview.Document.QuerySelector(".byline .dates time[datetime='2027-12-01']"));
        Assert.Equal("Triggers of hemifacial spasm", preview.Document.QuerySelector("ol.citations a")?.TextContent);
        Assert.Equal("https://doi.org/10.1016/j.jns.2020.116123", preview.Document.QuerySelector("ol.citations a")?.GetAttribute("href"));
    }
}
