namespace PatientAtlas.Features.Questions;

/// <summary>
/// A question asked about one condition. Template questions exist for every condition without a row;
/// a row is created once content (a summary, an experience) is attached to it.
/// </summary>
public sealed class Question
{
    public int Id { get; set; }
    public int ConditionId { get; set; }
    public required string Slug { get; set; }

    /// <summary>The template key, or null for a member's own question.</summary>
    public string? TemplateKey { get; set; }

    /// <summary>Wording of a member's own question (templates are worded by localization).</summary>
    public string? CustomText { get; set; }

    public bool IsDemo { get; set; }
    public bool IsSynthetic { get; set; }

    /// <summary>Published experiences, kept by <see cref="QuestionStatistics"/>.</summary>
    public int ExperienceCount { get; set; }

    public DateTime? LatestExperienceAt { get; set; }
}

public enum SummaryStatus
{
    Draft = 1,
    InReview = 2,
    Published = 3,
    Superseded = 4,
}

/// <summary>A medically reviewed summary of one question in one language; its text lives in revisions.</summary>
public sealed class Summary
{
    public int Id { get; set; }
    public int QuestionId { get; set; }
    public required string Language { get; set; }
    public bool IsDemo { get; set; }
    public bool IsSynthetic { get; set; }
    public List<SummaryRevision> Revisions { get; set; } = [];
}

public sealed class SummaryRevision
{
    public int Id { get; set; }
    public int SummaryId { get; set; }
    public SummaryStatus Status { get; set; }
    public required string ShortAnswer { get; set; }

    /// <summary>Sections in Markdown: each "## " heading starts a section; ":::caution" blocks are set apart.</summary>
    public required string BodyMarkdown { get; set; }

    public required string AuthorName { get; set; }
    public int? ReviewerId { get; set; }
    public Reviewer? Reviewer { get; set; }
    public DateOnly? ReviewedOn { get; set; }
    public DateOnly? PublishedOn { get; set; }
    public DateOnly? NextReviewDue { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<Citation> Citations { get; set; } = [];
}

public sealed class Citation
{
    public int Id { get; set; }
    public int SummaryRevisionId { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public string? Url { get; set; }
    public string? PubMedId { get; set; }
    public string? Doi { get; set; }
}

public sealed class Reviewer
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string FullName { get; set; }
    public required string Credentials { get; set; }
    public string? Bio { get; set; }
    public bool IsDemo { get; set; }
}

public enum Relation
{
    Affected = 1,
    FamilyAndFriends = 2,
    Caregiver = 3,
    Professional = 4,
    Researcher = 5,
    Organisation = 6,
}

public enum ExperienceStatus
{
    Pending = 1,
    Published = 2,
    Hidden = 3,
    Removed = 4,
}

public sealed class Experience
{
    public long Id { get; set; }
    public int QuestionId { get; set; }
    public int ConditionId { get; set; }
    public required string AuthorPseudonym { get; set; }
    public Relation Relation { get; set; }
    public required string Text { get; set; }
    public required string Language { get; set; }
    public ExperienceStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public int HelpfulCount { get; set; }
    public bool IsDemo { get; set; }
    public bool IsSynthetic { get; set; }
    public List<TriedEntry> Tried { get; set; } = [];
}

public enum Outcome
{
    Helped = 1,
    NoChange = 2,
    Worse = 3,
}

/// <summary>One thing a member tried, and how it went.</summary>
public sealed class TriedEntry
{
    public long Id { get; set; }
    public long ExperienceId { get; set; }
    public required string Intervention { get; set; }

    /// <summary>Lower-case, trimmed intervention used to aggregate reports of the same thing.</summary>
    public required string InterventionKey { get; set; }

    public Outcome Outcome { get; set; }
    public string? Duration { get; set; }
    public string? SideEffects { get; set; }
}
