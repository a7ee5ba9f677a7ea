using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Questions;

/// <summary>The question page: reviewed summary beside counted first-person experiences.</summary>
[OutputCache(PolicyName = PagePolicy.Name)]
public sealed class QuestionPageModel(AtlasDb db, MarkdownRenderer markdown, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public required QuestionView View { get; set; }
    public MarkdownRenderer Markdown => markdown;
    public ExperienceSort Sort { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public bool IsFirstPage { get; private set; } = true;
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? condition, string? question, [FromQuery] string? sort, [FromQuery] string? after, [FromQuery] string? page, CancellationToken cancellationToken)
    {
        // Model binding turns a blank route value ("/conditions/%20/diet") into null; no slug is blank.
        if (string.IsNullOrWhiteSpace(condition) || string.IsNullOrWhiteSpace(question))
        {
            return NotFound();
        }
        if (!ExperienceCursor.TryParseSort(sort, out var parsedSort))
        {
            return this.BadRequestPage(t["Question.BadSort"]);
        }
        ExperienceCursor? cursor = null;
        if (after is not null)
        {
            if (!ExperienceCursor.TryParse(after, out var parsed))
            {
                return this.BadRequestPage(t["Question.BadCursor"]);
            }
            cursor = parsed;
        }
        if (!BadRequestPages.TryParsePage(page, out var number))
        {
            return this.BadRequestPage(t["Conditions.BadPage"]);
        }
        PageNumber = number;
        Sort = parsedSort;
        IsFirstPage = cursor is null;

        var (lookup, view) = await QuestionQuery.LoadAsync(db, condition, question, Languages.Current, Sort, cursor, cancellationToken);
        if (view is null)
        {
            return ConditionLookup.Answer(this, lookup, "/" + question);
        }
        View = view;
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Page();
    }

    public string QuestionText => View.TemplateKey is null ? View.CustomText ?? View.QuestionSlug : t[$"Question.{View.TemplateKey}", View.Condition.Display];

    public string QuestionLabel => View.TemplateKey is null ? View.CustomText ?? View.QuestionSlug : t[$"QuestionLabel.{View.TemplateKey}"];

    public string PagePath => $"/conditions/{View.Condition.Slug}/{View.QuestionSlug}";

    public QuestionView.SummaryFrame? SummaryFrame => View.Summary is { } s ? new(s, Languages.Current, PagePath, Today) : null;

    public string OtherQuestionText(QuestionView.OtherSummary other) =>
        other.TemplateKey is null ? other.CustomText ?? other.QuestionSlug : t[$"Question.{other.TemplateKey}", View.Condition.Display];

    /// <summary>The other summary's sections on this page's topic, found by the question's label and its key
    /// ("Treatments treatments"), so a summary in another language than the page's is still searched.</summary>
    public IReadOnlyList<SummarySections.Section> SectionsOnTopic(QuestionView.OtherSummary other) =>
        View.TemplateKey is null ? [] : SummarySections.OnTopic(other.BodyMarkdown, QuestionLabel + " " + View.TemplateKey.Replace('-', ' '));

    public string SourceLabel(string source) => t[$"Source.{source}"] is { ResourceNotFound: false } label ? label.Value : source;

    public string NextHref(ExperienceCursor next) =>
        Languages.Localize(PagePath) + $"?sort={(Sort == ExperienceSort.Helpful ? "helpful" : "newest")}&after={next}&page={PageNumber + 1}#experiences";

    public string SortHref(ExperienceSort sort) =>
        Languages.Localize(PagePath) + (sort == ExperienceSort.Helpful ? "?sort=helpful" : "") + "#experiences";

}
