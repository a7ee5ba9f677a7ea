using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Community;
using PatientAtlas.Features.Editorial;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Editorial;

/// <summary>
/// The reviewer digest against a hand count. Demo content: hemifacial spasm / diet was reviewed on 2026-05-08, with two
/// experiences before it (coffee: 1 helped). The test adds three published experiences after it, one pending one, and flags.
/// </summary>
public sealed class DigestTests
{
    private const string Digest = "/editorial/hemifacial-spasm/diet/digest?lang=en";

    private static async Task SeedAfterReviewAsync(AtlasApp app)
    {
        var (conditionId, questionId) = await Community.QuestionAsync(app, "hemifacial-spasm", "diet");
        Experience Made(string who, DateTime at, ExperienceStatus status, params (string Intervention, Outcome Outcome)[] tried) => new()
        {
            QuestionId = questionId, ConditionId = conditionId, AuthorPseudonym = who, Relation = Relation.Affected, Text = "After the review.",
            Language = "en", Status = status, CreatedAt = at,
            Tried = [.. tried.Select(t => new TriedEntry { Intervention = t.Intervention, InterventionKey = QuestionServices.InterventionKey(t.Intervention), Outcome = t.Outcome })],
        };
        await app.WriteAsync(db => db.Experiences.AddRange(
            Made("after_one", new DateTime(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc), ExperienceStatus.Published, ("Cutting down coffee", Outcome.Worse), ("Low-histamine diet", Outcome.Helped)),
            Made("after_two", new DateTime(2026, 7, 1, 9, 0, 0, DateTimeKind.Utc), ExperienceStatus.Published, ("Cutting down coffee", Outcome.Helped)),
            Made("after_three", new DateTime(2026, 8, 1, 9, 0, 0, DateTimeKind.Utc), ExperienceStatus.Published, ("Low-histamine diet", Outcome.NoChange)),
            Made("still_pending", new DateTime(2026, 9, 1, 9, 0, 0, DateTimeKind.Utc), ExperienceStatus.Pending, ("Cutting down coffee", Outcome.Helped))));
        await app.WithDbAsync(async db =>
        {
            var ids = await db.Experiences.Where(e => e.AuthorPseudonym.StartsWith("after_")).OrderBy(e => e.CreatedAt).Select(e => e.Id).ToListAsync();
            var at = new DateTime(2026, 9, 2, 0, 0, 0, DateTimeKind.Utc);
            db.ExperienceFlags.AddRange(
                new ExperienceFlag { ExperienceId = ids[0], Reason = FlagReason.MedicalMisinformation, Weight = 1, CreatedAt = at },
                new ExperienceFlag { ExperienceId = ids[0], Reason = FlagReason.MedicalMisinformation, Weight = 1, CreatedAt = at.AddHours(1) },
                new ExperienceFlag { ExperienceId = ids[1], Reason = FlagReason.Spam, Weight = 1, CreatedAt = at },
                new ExperienceFlag { ExperienceId = ids[2], Reason = FlagReason.MedicalMisinformation, Weight = 1, CreatedAt = at, ResolvedAt = at.AddDays(1) });
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task The_digest_counts_what_changed_since_the_review_as_a_hand_count_does()
    {
        await using var app = await AtlasApp.StartAsync(clock: new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero)));
        await SeedAfterReviewAsync(app);
        var (reviewer, _, _) = await app.MemberAsync(Roles.Reviewer);

        var page = (await reviewer.GetAsync(Digest)).Document;
        Assert.NotNull(page.QuerySelector("#digest-dates time[datetime='2026-05-08']"));
        Assert.Equal("3 new since the review (2 before it).", page.QuerySelector("#new-count")!.TextContent.Trim());
        Assert.Equal(3, page.QuerySelectorAll("#new-title + p + ul li").Length);

        var rows = page.QuerySelectorAll("#shifts tbody tr").ToList();
        Assert.Equal([QuestionServices.InterventionKey("Cutting down coffee"), QuestionServices.InterventionKey("Low-histamine diet")], rows.Select(r => r.GetAttribute("data-key")));
        Assert.Equal("n = 1: helped 100 % (1), no change 0 % (0), worse 0 % (0)", rows[0].QuerySelector(".before")!.TextContent.Trim());
        Assert.Equal("n = 3: helped 67 % (2), no change 0 % (0), worse 33 % (1)", rows[0].QuerySelector(".after")!.TextContent.Trim());
        Assert.Null(rows[0].QuerySelector(".new-tag"));
        Assert.NotNull(rows[1].QuerySelector(".new-tag"));
        Assert.Equal("n = 0: helped 0 % (0), no change 0 % (0), worse 0 % (0)", rows[1].QuerySelector(".before")!.TextContent.Trim());
        Assert.Equal("n = 2: helped 50 % (1), no change 50 % (1), worse 0 % (0)", rows[1].QuerySelector(".after")!.TextContent.Trim());

        // Open misinformation flags only: two on the first new experience; the spam flag and the resolved one do not count.
        Assert.Equal("1 experiences flagged (2 open flags).", page.QuerySelector("#flag-count")!.TextContent.Trim());

        // The dashboard lists the question (both languages' summaries) among the most changed.
        var dashboard = (await reviewer.GetAsync("/editorial")).Document;
        var changed = dashboard.QuerySelectorAll("#most-changed li").Select(li => li.TextContent).ToList();
        Assert.Contains(changed, c => c.Contains("Hemifacial spasm", StringComparison.Ordinal) && c.Contains("(EN)", StringComparison.Ordinal) && c.Contains("3 new experiences", StringComparison.Ordinal));
        Assert.Contains(changed, c => c.Contains("Hemifacial spasm", StringComparison.Ordinal) && c.Contains("(ES)", StringComparison.Ordinal) && c.Contains("3 new experiences", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reviewers_get_the_weekly_email_of_what_is_due_and_what_changed()
    {
        // 2027-02-01: the demo summary on aspergillosis / treatments (due 2027-01-27) is past due; two more come due within 30 days.
        await using var app = await AtlasApp.StartAsync(clock: new FakeTimeProvider(new DateTimeOffset(2027, 2, 1, 6, 0, 0, TimeSpan.Zero)));
        await SeedAfterReviewAsync(app);
        var (_, email, pseudonym) = await app.MemberAsync(Roles.Reviewer);
        var (_, editorEmail, _) = await app.MemberAsync(Roles.Editor);

        var sent = await WeeklyDigestService.RunOnceAsync(app.Services, CancellationToken.None);

        Assert.True(sent >= 1);
        var message = Assert.Single(app.Mail.To(email));
        Assert.Empty(app.Mail.To(editorEmail));
        var text = message.TextBody;
        Assert.Contains($"Hello {pseudonym},", text, StringComparison.Ordinal);
        Assert.Contains("overdue since 2027-01-27", text, StringComparison.Ordinal);
        Assert.Contains("/editorial/", text, StringComparison.Ordinal);
        Assert.Contains("/digest?lang=en", text, StringComparison.Ordinal);
        Assert.Contains("3 new experiences", text, StringComparison.Ordinal);
        Assert.StartsWith("Review digest:", message.Subject, StringComparison.Ordinal);
        // The demo reviewer is mailed too (at its reserved .invalid address, which reaches nobody).
        Assert.Single(app.Mail.To("reviewer@demo.invalid"));
    }

    [Theory]
    [InlineData("2026-11-30T06:00:00Z", "2026-11-30T07:00:00Z")]
    [InlineData("2026-11-30T07:00:00Z", "2026-12-07T07:00:00Z")]
    [InlineData("2026-12-01T10:00:00Z", "2026-12-07T07:00:00Z")]
    [InlineData("2026-12-06T23:59:00Z", "2026-12-07T07:00:00Z")]
    public void The_weekly_digest_runs_at_the_configured_day_and_hour(string now, string next) =>
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture),
            WeeklyDigestService.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), DayOfWeek.Monday, 7));
}
