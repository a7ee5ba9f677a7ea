using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Data;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Editorial;

/// <summary>
/// /editorial/{condition}/{question}?lang=: one question's summary in the editorial workflow. Editors write the draft
/// (a new one starts from the outline), submit it and restore old revisions; reviewers read the word diff against the
/// published text, comment, request changes or approve. The history, the comments and the audit trail are beside it.
/// </summary>
[Authorize(Policy = RolePolicies.Editorial)]
public sealed class WorkspaceModel(AtlasDb db, SummaryWorkflow workflow, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record HistoryRow(int Id, SummaryStatus Status, DateTime CreatedAt, DateOnly? ReviewedOn, string? Reviewer, string? ChangeNote, string AuthorName, int? RestoredFromId);

    public sealed record CommentRow(string Author, CommentKind Kind, string? Section, string Text, DateTime At);

    public sealed record TrailRow(DateTime At, string Actor, string Action, string? Detail);

    [BindProperty]
    public DraftInput Form { get; set; } = new();

    public SummaryWorkflow.Target Target { get; private set; } = null!;
    public SummaryRevision? Published { get; private set; }
    public SummaryRevision? Working { get; private set; }

    /// <summary>After a refused save: the revision as someone else saved it, beside what this editor typed.</summary>
    public SummaryRevision? Theirs { get; private set; }
    public IReadOnlyList<WordDiff.Run> Diff { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public IReadOnlyList<CommentRow> Comments { get; private set; } = [];
    public IReadOnlyList<TrailRow> Trail { get; private set; } = [];
    public IReadOnlyList<string> Sections { get; private set; } = [];
    public bool IsEditor { get; private set; }
    public bool IsReviewer { get; private set; }
    public bool WroteIt { get; private set; }
    public bool HasProfile { get; private set; }
    public bool IsNew { get; private set; }
    public string QuestionText { get; private set; } = "";

    public string Lang => Target.Language;

    public async Task<IActionResult> OnGetAsync(string? condition, string? question, [FromQuery] string? lang, CancellationToken cancellationToken)
    {
        if (!await FindAsync(condition, question, lang, cancellationToken))
        {
            return NotFound();
        }
        await LoadAsync(fillForm: true, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string? condition, string? question, [FromQuery] string? lang, CancellationToken cancellationToken)
    {
        if (!await FindAsync(condition, question, lang, cancellationToken))
        {
            return NotFound();
        }
        if (!User.IsInRole(Roles.Editor))
        {
            return await RefusedAsync(SummaryWorkflow.Outcome.Forbidden, cancellationToken);
        }
        ModelState.Clear();
        foreach (var (field, key) in Form.Validate())
        {
            ModelState.AddModelError("Form." + field, key);
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(fillForm: false, cancellationToken);
            return StatusPage(StatusCodes.Status400BadRequest);
        }
        var actor = await ActorAsync(cancellationToken);
        var (outcome, revision) = await workflow.SaveDraftAsync(Target, actor, Form, cancellationToken);
        if (outcome == SummaryWorkflow.Outcome.Done)
        {
            return Back("saved");
        }
        if (outcome == SummaryWorkflow.Outcome.Conflict)
        {
            // Nothing typed is lost: the form keeps this editor's text; saving again (with the current version) replaces theirs knowingly.
            await FindAsync(condition, question, lang, cancellationToken);
            await LoadAsync(fillForm: false, cancellationToken);
            Theirs = revision ?? Published;
            Form.Version = revision?.Version ?? Guid.Empty;
            Diff = WordDiff.Of(WordDiff.TextOf(Theirs), WordDiff.TextOf(Form.ShortAnswer ?? "", Form.Body ?? "",
                Form.Citations.Select(c => (c.Title ?? "", c.Identifier ?? "", c.AccessedOn))));
            ModelState.AddModelError("", "Editorial.Outcome.Conflict");
            return StatusPage(StatusCodes.Status409Conflict);
        }
        return await RefusedAsync(outcome, cancellationToken);
    }

    public Task<IActionResult> OnPostSubmitAsync(string? condition, string? question, [FromQuery] string? lang, Guid version, CancellationToken cancellationToken) =>
        ActAsync(condition, question, lang, (actor, ct) => workflow.SubmitAsync(Target, actor, version, ct), "submitted", cancellationToken);

    public Task<IActionResult> OnPostCommentAsync(string? condition, string? question, [FromQuery] string? lang, string? section, string? comment, CancellationToken cancellationToken) =>
        ActAsync(condition, question, lang, (actor, ct) => workflow.CommentAsync(Target, actor, section, comment, ct), "commented", cancellationToken);

    public Task<IActionResult> OnPostRequestChangesAsync(string? condition, string? question, [FromQuery] string? lang, Guid version, string? section, string? comment, CancellationToken cancellationToken) =>
        ActAsync(condition, question, lang, (actor, ct) => workflow.RequestChangesAsync(Target, actor, version, section, comment, ct), "changes-requested", cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(string? condition, string? question, [FromQuery] string? lang, Guid version, string? comment, CancellationToken cancellationToken) =>
        ActAsync(condition, question, lang, (actor, ct) => workflow.ApproveAsync(Target, actor, version, comment, ct), "approved", cancellationToken);

    public Task<IActionResult> OnPostRestoreAsync(string? condition, string? question, [FromQuery] string? lang, int revision, CancellationToken cancellationToken) =>
        ActAsync(condition, question, lang, (actor, ct) => workflow.RestoreAsync(Target, actor, revision, ct), "restored", cancellationToken);

    /// <summary>What the last action did ("saved", "submitted", …), from the redirect after it.</summary>
    public string? Done => Request.Query["done"].FirstOrDefault() is { } d && DoneKeys.Contains(d) ? d : null;

    private static readonly string[] DoneKeys = ["saved", "submitted", "commented", "changes-requested", "approved", "restored"];

    private async Task<IActionResult> ActAsync(string? condition, string? question, string? lang,
        Func<SummaryWorkflow.Actor, CancellationToken, Task<SummaryWorkflow.Outcome>> act, string done, CancellationToken cancellationToken)
    {
        if (!await FindAsync(condition, question, lang, cancellationToken))
        {
            return NotFound();
        }
        var outcome = await act(await ActorAsync(cancellationToken), cancellationToken);
        return outcome == SummaryWorkflow.Outcome.Done ? Back(done) : await RefusedAsync(outcome, cancellationToken);
    }

    private async Task<IActionResult> RefusedAsync(SummaryWorkflow.Outcome outcome, CancellationToken cancellationToken)
    {
        // Reload from the database: the target may have a summary now, and the form shows what is stored.
        await FindAsync(Target.ConditionSlug, Target.QuestionSlug, Target.Language, cancellationToken);
        var typed = Form;
        await LoadAsync(fillForm: true, cancellationToken);
        if (outcome is SummaryWorkflow.Outcome.Forbidden)
        {
            Form = typed.ShortAnswer is null ? Form : typed;
        }
        ModelState.AddModelError("", "Editorial.Outcome." + outcome);
        return StatusPage(outcome switch
        {
            SummaryWorkflow.Outcome.Forbidden or SummaryWorkflow.Outcome.OwnText => StatusCodes.Status403Forbidden,
            SummaryWorkflow.Outcome.NotFound => StatusCodes.Status404NotFound,
            SummaryWorkflow.Outcome.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        });
    }

    private PageResult StatusPage(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    private RedirectResult Back(string done)
    {
        return Redirect(Platform.Languages.Localize(Target.EditorialPath) + "&done=" + done);
    }

    private async Task<SummaryWorkflow.Actor> ActorAsync(CancellationToken cancellationToken) =>
        await SummaryWorkflow.ActorAsync(db, User, cancellationToken) ?? throw new InvalidOperationException("a signed-in member without an account");

    private async Task<bool> FindAsync(string? condition, string? question, string? lang, CancellationToken cancellationToken)
    {
        var target = await SummaryWorkflow.FindAsync(db, condition, question, lang ?? "en", cancellationToken);
        if (target is null)
        {
            return false;
        }
        Target = target;
        return true;
    }

    private async Task LoadAsync(bool fillForm, CancellationToken cancellationToken)
    {
        IsEditor = User.IsInRole(Roles.Editor);
        IsReviewer = User.IsInRole(Roles.Reviewer);
        var me = await SummaryWorkflow.ActorAsync(db, User, cancellationToken);
        HasProfile = me is not null && await db.Reviewers.AnyAsync(r => r.MemberId == me.Id, cancellationToken);
        QuestionText = Target.TemplateKey is null ? Target.CustomText ?? Target.QuestionSlug : t[$"Question.{Target.TemplateKey}", Target.ConditionName];
        Published = await SummaryWorkflow.PublishedAsync(db, Target.SummaryId, cancellationToken);
        Working = await SummaryWorkflow.WorkingAsync(db, Target.SummaryId, tracked: false, cancellationToken);
        WroteIt = me is not null && Working?.Contributors.Any(c => c.MemberId == me.Id) == true;
        IsNew = Working is null;
        if (fillForm)
        {
            var source = Working ?? Published;
            Form = source is null
                ? new DraftInput { ShortAnswer = "", Body = await Outline.BuildAsync(db, Target, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken) }
                : new DraftInput
                {
                    ShortAnswer = source.ShortAnswer, Body = source.BodyMarkdown, ChangeNote = Working?.ChangeNote, Version = Working?.Version ?? Guid.Empty,
                    Citations = [.. source.Citations.OrderBy(c => c.Position).Select(c => new CitationInput
                    {
                        Identifier = CitationInput.IdentifierOf(c.PubMedId, c.Doi, c.Url), Title = c.Title, Accessed = c.AccessedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    })],
                };
        }
        while (Form.Citations.Count < Math.Max(3, Form.Citations.Count(c => !c.IsBlank) + 2))
        {
            Form.Citations.Add(new CitationInput());
        }
        if (Working is not null)
        {
            Diff = WordDiff.Of(WordDiff.TextOf(Published), WordDiff.TextOf(Working));
            Sections = Outline.SectionsOf(Working.BodyMarkdown);
            Comments = await (
                from c in db.ReviewComments.AsNoTracking()
                where c.SummaryRevisionId == Working.Id
                orderby c.Id
                select new CommentRow(db.Users.Where(m => m.Id == c.MemberId).Select(m => m.Pseudonym).FirstOrDefault() ?? MemberContent.FormerMember, c.Kind, c.Section, c.Text, c.CreatedAt))
                .ToListAsync(cancellationToken);
        }
        if (Target.SummaryId is { } id)
        {
            History = await db.SummaryRevisions.AsNoTracking().Where(r => r.SummaryId == id).OrderByDescending(r => r.Id)
                .Select(r => new HistoryRow(r.Id, r.Status, r.CreatedAt, r.ReviewedOn, r.Reviewer == null ? null : r.Reviewer.FullName + ", " + r.Reviewer.Credentials,
                    r.ChangeNote, r.AuthorName, r.RestoredFromId))
                .ToListAsync(cancellationToken);
            Trail = await db.AuditEntries.AsNoTracking().Where(a => a.SubjectId == id && a.Action.StartsWith("summary.")).OrderBy(a => a.Id)
                .Select(a => new TrailRow(a.At, a.Actor, a.Action, a.Detail)).ToListAsync(cancellationToken);
        }
    }
}
