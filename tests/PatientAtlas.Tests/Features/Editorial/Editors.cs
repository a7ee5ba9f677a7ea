using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Summaries;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Editorial;

/// <summary>Editors and reviewers for the editorial tests, and the steps they take through the pages.</summary>
internal static class Editors
{
    public const string Page = "/editorial/hemifacial-spasm/triggers?lang=en";
    public const string Public = "/conditions/hemifacial-spasm/triggers";

    public static Task<(Visitor Visitor, string Email, string Pseudonym)> EditorAsync(AtlasApp app) => app.MemberAsync(Roles.Editor);

    /// <summary>A reviewer whose account an admin linked to a profile with credentials (unless <paramref name="profile"/> is false).</summary>
    public static async Task<(Visitor Visitor, string Pseudonym)> ReviewerAsync(AtlasApp app, bool profile = true, params string[] moreRoles)
    {
        var (visitor, _, pseudonym) = await app.MemberAsync([Roles.Reviewer, .. moreRoles]);
        if (profile)
        {
            var id = await app.WithDbAsync(db => db.Users.Where(m => m.Pseudonym == pseudonym).Select(m => m.Id).SingleAsync());
            await app.WriteAsync(db => db.Reviewers.Add(new Reviewer
            {
                Slug = "dr-" + pseudonym.ToLowerInvariant().Replace('_', '-'), FullName = "Dr. " + pseudonym, Credentials = "MD, Neurology", MemberId = id,
            }));
        }
        return (visitor, pseudonym);
    }

    public static Dictionary<string, string> Draft(string shortAnswer = "Some people notice that stress and fatigue make the spasms more frequent.",
        string body = "## What the evidence says\n\nStress is the trigger most often reported.\n\n## When to talk to a doctor\n\nIf the spasms spread.",
        string identifier = "10.1016/j.jns.2020.116123", string title = "Triggers of hemifacial spasm", string accessed = "2026-11-20", string? note = "First version") =>
        new()
        {
            ["Form.ShortAnswer"] = shortAnswer,
            ["Form.Body"] = body,
            ["Form.Citations[0].Identifier"] = identifier,
            ["Form.Citations[0].Title"] = title,
            ["Form.Citations[0].Accessed"] = accessed,
            ["Form.ChangeNote"] = note ?? "",
        };

    public static Task<PageResult> SaveAsync(this Visitor editor, Dictionary<string, string> fields, string page = Page) =>
        editor.SubmitAsync(page, "form#draft-form", fields);

    public static async Task<PageResult> SubmitForReviewAsync(this Visitor editor, string page = Page)
    {
        var submitted = await editor.SubmitAsync(page, "form#submit-form");
        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        Assert.NotNull(submitted.Document.QuerySelector("#done"));
        return submitted;
    }

    /// <summary>Presses a button of the review form (comment, request changes, approve) on a page already read.</summary>
    public static Task<PageResult> ReviewAsync(this Visitor reviewer, PageResult page, string handler, string? comment = null, string? section = null)
    {
        var form = (IHtmlFormElement)page.Document.QuerySelector("form#review-form")!;
        var action = form.GetAttribute("action")!;
        form.SetAttribute("action", action.Replace("handler=comment", "handler=" + handler, StringComparison.Ordinal));
        var fields = new Dictionary<string, string> { ["comment"] = comment ?? "" };
        if (section is not null)
        {
            fields["section"] = section;
        }
        return reviewer.SubmitAsync(page.Document, page.Url, "form#review-form", fields);
    }

    public static async Task<List<SummaryRevision>> RevisionsAsync(AtlasApp app, string condition = "hemifacial-spasm", string question = "triggers") =>
        await app.WithDbAsync(db => db.SummaryRevisions.AsNoTracking().Include(r => r.Citations)
            .Where(r => db.Summaries.Any(s => s.Id == r.SummaryId && db.Questions.Any(q => q.Id == s.QuestionId && q.Slug == question
                && db.Conditions.Any(c => c.Id == q.ConditionId && c.Slug == condition))))
            .OrderBy(r => r.Id).ToListAsync());

    public static string Errors(PageResult page) => page.Document.QuerySelector(".form-errors")?.TextContent.Trim() ?? "";
}
