using System.CommandLine;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Editorial;

/// <summary>
/// The reviewers' weekly email: summaries past their review date or coming due, and those whose community changed most
/// since their review, each with a link to its digest. One message per reviewer with a confirmed address.
/// </summary>
public sealed class ReviewerDigestMail(AtlasDb db, MailSender sender, TimeProvider clock, IOptions<EditorialOptions> options, IOptions<SiteOptions> site,
    IStringLocalizer<SharedResource> t)
{
    /// <summary>Sends the digest to every reviewer; returns how many messages went out (none when nothing is due or changed).</summary>
    public async Task<int> SendAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var due = await ReviewDigest.DueAsync(db, today.AddDays(options.Value.DueSoonDays + 1), 50, cancellationToken);
        var changed = await ReviewDigest.MostChangedAsync(db, 10, cancellationToken);
        if (due.Count == 0 && changed.Count == 0)
        {
            return 0;
        }
        var reviewers = await (
            from ur in db.UserRoles
            join r in db.Roles on ur.RoleId equals r.Id
            where r.Name == Roles.Reviewer
            join m in db.Users on ur.UserId equals m.Id
            where m.EmailConfirmed && m.Email != null
            select new { m.Email, m.Pseudonym }).ToListAsync(cancellationToken);
        var origin = site.Value.Origin ?? "http://localhost:5000";
        string Line(ReviewDigest.Row r, string what) =>
            $"{r.ConditionName} · {(r.TemplateKey is null ? r.CustomText : t[$"QuestionLabel.{r.TemplateKey}"].Value)} ({r.Language.ToUpperInvariant()}): {what}";
        string Link(ReviewDigest.Row r) => $"{origin}/editorial/{r.ConditionSlug}/{r.QuestionSlug}/digest?lang={r.Language}";
        foreach (var reviewer in reviewers)
        {
            var text = new StringBuilder().Append(t["Mail.Greeting", reviewer.Pseudonym].Value).Append("\n\n");
            var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family: sans-serif; line-height: 1.5\">")
                .Append("<p>").Append(WebUtility.HtmlEncode(t["Mail.Greeting", reviewer.Pseudonym].Value)).Append("</p>");
            void Section(string title, IEnumerable<(string Line, string Link)> items)
            {
                var list = items.ToList();
                if (list.Count == 0)
                {
                    return;
                }
                text.Append(title).Append('\n');
                html.Append("<h2>").Append(WebUtility.HtmlEncode(title)).Append("</h2><ul>");
                foreach (var (line, link) in list)
                {
                    text.Append("- ").Append(line).Append('\n').Append("  ").Append(link).Append('\n');
                    html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\">").Append(WebUtility.HtmlEncode(line)).Append("</a></li>");
                }
                text.Append('\n');
                html.Append("</ul>");
            }
            Section(t["Mail.ReviewDigest.Due"].Value, due.Select(r => (Line(r, (r.NextReviewDue < today ? t["Mail.ReviewDigest.Overdue"] : t["Mail.ReviewDigest.DueOn"]).Value + " " + Dates.Iso(r.NextReviewDue)), Link(r))));
            Section(t["Mail.ReviewDigest.Changed"].Value, changed.Select(r => (Line(r, t.Plural("Editorial.Changed.New", r.NewExperiences).Value), Link(r))));
            text.Append(t["Mail.Signature"].Value).Append('\n');
            html.Append("<p>").Append(WebUtility.HtmlEncode(t["Mail.Signature"].Value)).Append("</p></body></html>");
            var message = new MimeMessage { Subject = t["Mail.ReviewDigest.Subject", due.Count].Value };
            message.To.Add(MailboxAddress.Parse(reviewer.Email!));
            message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
            await sender.SendAsync(message, cancellationToken);
        }
        return reviewers.Count;
    }
}

/// <summary>Sends <see cref="ReviewerDigestMail"/> once a week at <c>Editorial:DigestDay</c> and <c>Editorial:DigestHourUtc</c>.</summary>
public sealed class WeeklyDigestService(IServiceProvider services, TimeProvider clock, IOptions<EditorialOptions> options, ILogger<WeeklyDigestService> logger) : BackgroundService
{
    /// <summary>The first digest time strictly after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, DayOfWeek day, int hourUtc)
    {
        var utc = now.ToUniversalTime();
        var candidate = new DateTimeOffset(utc.Year, utc.Month, utc.Day, hourUtc, 0, 0, TimeSpan.Zero).AddDays(((int)day - (int)utc.DayOfWeek + 7) % 7);
        return candidate > utc ? candidate : candidate.AddDays(7);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WeeklyDigest)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NextRun(clock.GetUtcNow(), options.Value.DigestDay, options.Value.DigestHourUtc);
            try
            {
                await Task.Delay(next - clock.GetUtcNow(), clock, stoppingToken);
                await RunOnceAsync(services, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or IOException)
            {
                logger.LogWarning(e, "The weekly review digest failed; it is tried again next week");
            }
        }
    }

    public static async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReviewerDigestMail>().SendAsync(cancellationToken);
    }
}

public static class EditorialVerbs
{
    public static IEnumerable<Command> Commands()
    {
        var send = new Command("send-review-digest", "Mail every reviewer the summaries due for review and those whose community changed most, now.");
        send.SetAction((_, ct) => Verbs.RunVerbAsync(async services =>
        {
            await DatabaseStartup.MigrateAsync(services, ct);
            var sent = await WeeklyDigestService.RunOnceAsync(services, ct);
            Console.WriteLine(sent == 0 ? "Nothing due or changed; no digest sent." : $"Review digest sent to {sent} reviewer(s).");
        }));
        return [send];
    }
}
