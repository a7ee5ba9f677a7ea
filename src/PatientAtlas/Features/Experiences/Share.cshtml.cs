using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Questions;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// Share an experience on a question, or edit one's own (<c>?edit={id}</c>): write, preview, post. Works without
/// JavaScript: "add another" posts the form back with one more "what I tried" row; the preview shows the post as
/// readers will see it, with the fields kept in hidden inputs. Posting goes through <see cref="ExperienceSubmissions"/>.
/// </summary>
[Authorize(Policy = ConsentPolicy.Name)]
public sealed class ShareModel(AtlasDb db, ExperienceSubmissions submissions, IStringLocalizer<SharedResource> t, MarkdownRenderer markdown) : PageModel
{
    public const int EmptyRows = 2;

    [BindProperty]
    public ShareForm Form { get; set; } = new();

    public string ConditionSlug { get; private set; } = "";
    public string ConditionName { get; private set; } = "";
    public string QuestionText { get; private set; } = "";
    public string QuestionPath { get; private set; } = "";
    public IReadOnlyList<string> Suggestions { get; private set; } = [];

    /// <summary>The preview step: the post as it will read, with Post and Edit buttons.</summary>
    public bool Previewing { get; private set; }
    public string PreviewHtml { get; private set; } = "";
    public MarkdownRenderer Markdown => markdown;

    private int MemberId => User.MemberId();

    public async Task<IActionResult> OnGetAsync(string? condition, string? question, long? edit, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(condition, question, cancellationToken))
        {
            return NotFound();
        }
        if (edit is { } id)
        {
            var mine = await db.Experiences.AsNoTracking().Include(e => e.Tried)
                .FirstOrDefaultAsync(e => e.Id == id && e.MemberId == MemberId && e.ConditionId == _conditionId
                    && (e.Status == ExperienceStatus.Published || e.Status == ExperienceStatus.Pending), cancellationToken);
            if (mine is null)
            {
                return NotFound();
            }
            Form = new ShareForm
            {
                EditId = id, Text = mine.Text, Relation = ExperienceCodes.Code(mine.Relation),
                Tried = [.. mine.Tried.OrderBy(x => x.Id).Select(x => new TriedRow
                {
                    Intervention = x.Intervention, Outcome = ExperienceCodes.Code(x.Outcome), Duration = x.Duration, SideEffects = x.SideEffects,
                })],
            };
        }
        else
        {
            var relation = await db.Set<MemberRelation>().AsNoTracking().Where(r => r.MemberId == MemberId && r.ConditionId == _conditionId)
                .Select(r => (Relation?)r.Relation).FirstOrDefaultAsync(cancellationToken);
            Form.Relation = relation is { } r ? ExperienceCodes.Code(r) : null;
        }
        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? condition, string? question, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(condition, question, cancellationToken))
        {
            return NotFound();
        }
        // Binding errors (a number where text was expected) are not ours to show: the checks below speak for the fields.
        ModelState.Clear();
        Form.Tried = [.. Form.Tried.Where(r => !r.ToDraft().IsBlank)];
        if (!string.IsNullOrEmpty(Form.Website))
        {
            // The honeypot: a field people never see, which form-filling robots do.
            ModelState.AddModelError("", "Experience.Refused");
            Pad();
            return Page();
        }
        switch (Form.Step)
        {
            case "more":
                Pad(Math.Max(0, Form.Rows - Form.Tried.Count) + 1);
                return Page();
            case "edit":
                Pad();
                return Page();
            case "preview":
                if (AddErrors(await submissions.CheckAsync(MemberId, Form.ToDraft(Languages.Current), cancellationToken)))
                {
                    Pad();
                    return Page();
                }
                Previewing = true;
                PreviewHtml = markdown.MemberText(Form.Text!.Trim());
                return Page();
        }
        var result = Form.EditId is { } id
            ? await submissions.EditAsync(MemberId, id, Form.ToDraft(Languages.Current), cancellationToken)
            : await submissions.SubmitAsync(MemberId, condition, question, Form.ToDraft(Languages.Current), cancellationToken);
        switch (result.Outcome)
        {
            case ExperienceSubmissions.Outcome.Saved:
                var posted = result.Experience!;
                if (posted.Urgent && posted.Status == ExperienceStatus.Pending)
                {
                    return Redirect(Languages.Localize(CrisisResources.Path) + "?held=1");
                }
                return Redirect(Languages.Localize("/account/experiences") + "?posted=" + posted.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case ExperienceSubmissions.Outcome.Invalid:
                AddErrors(result.Errors!);
                Pad();
                return Page();
            case ExperienceSubmissions.Outcome.Suspended:
                ModelState.AddModelError("", "Experience.Suspended");
                Pad();
                return Page();
            case ExperienceSubmissions.Outcome.Locked:
                ModelState.AddModelError("", "Experience.Locked");
                Pad();
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>The service's neutral field paths ("tried[1].outcome") as this form's names ("Form.Tried[1].Outcome").</summary>
    private bool AddErrors(IReadOnlyDictionary<string, List<string>> errors)
    {
        foreach (var (field, keys) in errors)
        {
            var name = "Form." + string.Join('.', field.Split('.').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
            if (field == "language")
            {
                name = "Form.Text";
            }
            foreach (var key in keys)
            {
                ModelState.AddModelError(name, key);
            }
        }
        return errors.Count > 0;
    }

    /// <summary>Empty rows after the filled ones (at least <see cref="EmptyRows"/> when there is room, never past the limit).</summary>
    private void Pad(int empty = EmptyRows)
    {
        var room = ExperienceCodes.MaxTried - Form.Tried.Count;
        for (var i = 0; i < Math.Min(empty, room); i++)
        {
            Form.Tried.Add(new TriedRow());
        }
        Form.Rows = Form.Tried.Count;
    }

    private int _conditionId;

    private async Task<bool> LoadAsync(string? condition, string? question, CancellationToken cancellationToken)
    {
        var target = await ExperienceSubmissions.FindTargetAsync(db, condition, question, cancellationToken);
        if (target is null)
        {
            return false;
        }
        _conditionId = target.ConditionId;
        var language = Languages.Current;
        var head = await db.Conditions.AsNoTracking().Where(c => c.Id == target.ConditionId)
            .Select(c => new
            {
                Name = c.Names.Where(n => n.Kind == Catalog.NameKind.Preferred && n.Language == language).Select(n => n.Text).FirstOrDefault() ?? c.Name,
                c.Abbreviation,
                Question = db.Questions.Where(q => q.ConditionId == c.Id && q.Slug == target.QuestionSlug).Select(q => new { q.TemplateKey, q.CustomText }).FirstOrDefault(),
            })
            .SingleAsync(cancellationToken);
        ConditionSlug = target.ConditionSlug;
        ConditionName = head.Name;
        var key = head.Question is null ? target.QuestionSlug : head.Question.TemplateKey;
        QuestionText = key is null ? head.Question?.CustomText ?? target.QuestionSlug : t[$"Question.{key}", QuestionTemplates.NameWithAbbreviation(head.Name, head.Abbreviation)];
        QuestionPath = $"/conditions/{target.ConditionSlug}/{target.QuestionSlug}";
        // What others entered for this condition, most reported first: suggestions, never a constraint.
        Suggestions = await db.QuestionTried.AsNoTracking()
            .Where(q => db.Questions.Any(x => x.Id == q.QuestionId && x.ConditionId == target.ConditionId))
            .GroupBy(q => q.Intervention).Select(g => new { Name = g.Key, People = g.Sum(x => x.People) })
            .OrderByDescending(g => g.People).ThenBy(g => g.Name).Take(50).Select(g => g.Name)
            .ToListAsync(cancellationToken);
        return true;
    }
}

public sealed class ShareForm
{
    public long? EditId { get; set; }
    public string? Text { get; set; }
    public string? Relation { get; set; }
    public List<TriedRow> Tried { get; set; } = [];

    /// <summary>How many rows the form showed (to add one more without JavaScript).</summary>
    public int Rows { get; set; }

    /// <summary>more · preview · edit · post.</summary>
    public string? Step { get; set; }

    /// <summary>The honeypot: hidden from people, left empty by them.</summary>
    public string? Website { get; set; }

    public ExperienceDraft ToDraft(string language) => new(Text, Relation, language, [.. Tried.Select(r => r.ToDraft())]);
}

public sealed class TriedRow
{
    public string? Intervention { get; set; }
    public string? Outcome { get; set; }
    public string? Duration { get; set; }
    public string? SideEffects { get; set; }

    public TriedDraft ToDraft() => new(Intervention, Outcome, Duration, SideEffects);
}
