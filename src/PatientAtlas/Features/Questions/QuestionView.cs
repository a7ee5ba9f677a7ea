using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Experiences;

namespace PatientAtlas.Features.Questions;

/// <summary>Everything a question page shows, read in a fixed number of queries by <see cref="QuestionQuery"/>.</summary>
public sealed record QuestionView(
    QuestionView.ConditionInfo Condition,
    string QuestionSlug,
    string? TemplateKey,
    string? CustomText,
    QuestionView.SummaryInfo? Summary,
    int ExperienceCount,
    IReadOnlyList<QuestionView.ExperienceInfo> Experiences,
    ExperienceCursor? Next,
    IReadOnlyList<QuestionView.TriedAggregate> Tried,
    DateTime? LatestExperienceAt)
{
    /// <summary>Outcome shares are shown from this many reports of an intervention; below it, one or two
    /// people would read as 50 % or 100 %, which is noise presented as a finding.</summary>
    public const int OutcomeThreshold = 5;

    public const int PageSize = 10;

    public bool Indexable => Summary is not null || ExperienceCount > 0;

    public const string TreatmentsKey = "treatments";

    /// <summary>Where no reviewed summary answers this question: what the page shows instead, each part from what we hold.</summary>
    public KnownSoFar? Known { get; init; }

    /// <summary>The treatments question: <see cref="Tried"/> counts every question of the condition.</summary>
    public bool TriedAcrossCondition { get; init; }

    /// <summary>The catalog's definition (with its source), the registries that describe the condition by a code we hold (never a
    /// link guessed from a name), and the reviewed summaries of the condition's other questions.</summary>
    public sealed record KnownSoFar(string? DefinitionSource, IReadOnlyList<ExternalCode> TrustedSources, IReadOnlyList<OtherSummary> OtherSummaries)
    {
        public static readonly IReadOnlySet<string> TrustedSystems = new HashSet<string>(["ORPHA", "OMIM", "GARD"], StringComparer.Ordinal);
    }

    /// <summary>A published summary of another question of the same condition.</summary>
    public sealed record OtherSummary(string QuestionSlug, string? TemplateKey, string? CustomText, string Language, string ShortAnswer, string BodyMarkdown);

    public sealed record ConditionInfo(int Id, string Slug, string Name, string? Abbreviation, string? Definition, IReadOnlyList<ExternalCode> Codes)
    {
        public string Display => QuestionTemplates.NameWithAbbreviation(Name, Abbreviation);
    }

    public sealed record SummaryInfo(
        string Language, string ShortAnswer, string BodyMarkdown, string AuthorName,
        ReviewerInfo? Reviewer, DateOnly? ReviewedOn, DateOnly? PublishedOn, DateOnly? NextReviewDue,
        IReadOnlyList<CitationInfo> Citations);

    public sealed record ReviewerInfo(string Slug, string FullName, string Credentials);

    /// <summary>What the summary partials (_SummaryHead, _SummaryMain) need: the question page and the editorial preview render the same.</summary>
    public sealed record SummaryFrame(SummaryInfo Summary, string PageLanguage, string PagePath, DateOnly Today)
    {
        /// <summary>Past its review date: the page says so beside the badge.</summary>
        public bool Overdue => Summary.NextReviewDue is { } due && due < Today;
    }

    public sealed record CitationInfo(int Position, string Title, string? Url, string? PubMedId, string? Doi)
    {
        public string? Href => (Url is not null && (Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ? Url : null)
            ?? (PubMedId is not null ? $"https://pubmed.ncbi.nlm.nih.gov/{Uri.EscapeDataString(PubMedId)}/" : null)
            ?? (Doi is not null ? $"https://doi.org/{Uri.EscapeDataString(Doi).Replace("%2F", "/", StringComparison.Ordinal)}" : null);
    }

    public sealed record ExperienceInfo(
        long Id, string Pseudonym, Relation Relation, string Text, string Language, DateTime CreatedAt, int HelpfulCount,
        bool IsDemo, IReadOnlyList<TriedInfo> Tried);

    public sealed record TriedInfo(string Intervention, Outcome Outcome, string? Duration, string? SideEffects);

    /// <summary>One intervention counted across languages; <see cref="Name"/> is its curated name in the reader's
    /// language, or the words of the first report when it has none (then <see cref="Curated"/> is false).</summary>
    public sealed record TriedAggregate(string InterventionKey, string Intervention, int People, int Helped, int NoChange, int Worse)
    {
        public bool Curated(string language) => InterventionNames.Name(InterventionKey, language) is not null;

        public string Name(string language) => InterventionNames.Name(InterventionKey, language) ?? Intervention;

        public bool ShowOutcomes => People >= OutcomeThreshold;

        public int Percent(int part) => People == 0 ? 0 : (int)Math.Round(100.0 * part / People, MidpointRounding.AwayFromZero);
    }
}
