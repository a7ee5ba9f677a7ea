using System.Text.Json.Nodes;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Questions;

/// <summary>schema.org MedicalWebPage for a question page, with the question and its accepted answer.</summary>
public static class QuestionJsonLd
{
    public static string For(QuestionView view, string questionText, string url, string language)
    {
        var condition = new JsonObject
        {
            ["@type"] = "MedicalCondition",
            ["name"] = view.Condition.Name,
            ["alternateName"] = view.Condition.Abbreviation,
            ["code"] = new JsonArray([.. view.Condition.Codes.Select(code => (JsonNode)new JsonObject
            {
                ["@type"] = "MedicalCode",
                ["codeValue"] = code.Value,
                ["codingSystem"] = CodeSystems.Label(code.System),
            })]),
        };
        var question = new JsonObject
        {
            ["@type"] = "Question",
            ["name"] = questionText,
            // Only what the page marks up: the reviewed summary is the one answer (experiences are not Answers here).
            ["answerCount"] = view.Summary is null ? 0 : 1,
        };
        var page = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "MedicalWebPage",
            ["name"] = questionText,
            ["url"] = url,
            ["inLanguage"] = language,
            ["about"] = condition,
            ["mainEntity"] = question,
        };
        if (view.Summary is { } summary)
        {
            question["acceptedAnswer"] = new JsonObject
            {
                ["@type"] = "Answer",
                ["text"] = summary.ShortAnswer,
                ["inLanguage"] = summary.Language,
                ["author"] = new JsonObject { ["@type"] = "Person", ["name"] = summary.AuthorName },
            };
            page["lastReviewed"] = Dates.Iso(summary.ReviewedOn);
            page["datePublished"] = Dates.Iso(summary.PublishedOn);
            if (summary.Reviewer is { } reviewer)
            {
                page["reviewedBy"] = new JsonObject
                {
                    ["@type"] = "Person",
                    ["name"] = reviewer.FullName,
                    ["honorificSuffix"] = reviewer.Credentials,
                    ["url"] = new Uri(new Uri(url), Languages.In(language, $"/reviewers/{reviewer.Slug}")).AbsoluteUri,
                };
            }
            // No "expires" for the next review date: search engines read it as withdrawn content, and schema.org has no "review due".
        }
        var modified = new[] { view.Summary?.ReviewedOn, view.Summary?.PublishedOn, view.LatestExperienceAt is { } at ? DateOnly.FromDateTime(at) : null }.Max();
        if (modified is not null)
        {
            page["dateModified"] = Dates.Iso(modified);
        }
        return ConditionJsonLd.Serialize(page);
    }
}
