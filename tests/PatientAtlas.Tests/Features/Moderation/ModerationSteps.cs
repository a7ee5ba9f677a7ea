using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Moderation;

/// <summary>What moderation tests do again and again: members with posts, held posts, moderators deciding.</summary>
public static class ModerationSteps
{
    public sealed record Writer(Visitor Visitor, string Email, string Pseudonym, int Id) : IDisposable
    {
        public void Dispose() => Visitor.Dispose();
    }

    /// <summary>A member who consented (and may flag, ask and share).</summary>
    public static async Task<Writer> ConsentedMemberAsync(this AtlasApp app, params string[] roles)
    {
        var (visitor, email, pseudonym) = await app.MemberAsync(roles);
        await visitor.ConsentAsync();
        return new Writer(visitor, email, pseudonym, await app.MemberIdAsync(email));
    }

    /// <summary>An experience by the member on hemifacial spasm / sleep, with its status and hold reasons, as the share feature stores it.</summary>
    public static async Task<long> PostAsync(this AtlasApp app, Writer author, string text, ExperienceStatus status = ExperienceStatus.Published,
        string? holdReasons = null, bool urgent = false, DateTime? createdAt = null)
    {
        var id = await app.ExperienceByAsync(author.Id, author.Pseudonym, text, status);
        if (holdReasons is not null || urgent || createdAt is not null)
        {
            await app.WriteAsync(async db =>
            {
                var e = await db.Experiences.SingleAsync(x => x.Id == id);
                e.HoldReasons = holdReasons;
                e.Urgent = urgent;
                e.CreatedAt = createdAt ?? e.CreatedAt;
            });
        }
        return id;
    }

    public static Task<Experience> ExperienceAsync(this AtlasApp app, long id) =>
        app.WithDbAsync(db => db.Experiences.AsNoTracking().SingleAsync(e => e.Id == id));

    public static Task<int> SleepCountAsync(this AtlasApp app) =>
        app.WithDbAsync(db => db.Questions.Where(q => q.Slug == "sleep" && db.Conditions.Any(c => c.Id == q.ConditionId && c.Slug == "hemifacial-spasm"))
            .Select(q => q.ExperienceCount).SingleAsync());

    /// <summary>A moderator's decision through the queue page: the item's form, one button.</summary>
    public static Task<PageResult> DecideAsync(this Visitor moderator, string kind, long id, string action, string? reason = null, string? passage = null, string? days = null)
    {
        var fields = new Dictionary<string, string> { ["Form.Action"] = action };
        if (reason is not null)
        {
            fields["Form.Reason"] = reason;
        }
        if (passage is not null)
        {
            fields["Form.Passage"] = passage;
        }
        if (days is not null)
        {
            fields["Form.Days"] = days;
        }
        return moderator.SubmitAsync("/moderation", $"form#decide-{kind}-{id}", fields);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this AtlasApp app, string path, string token, object body) =>
        ApiCalls.SendAsync(app, HttpMethod.Post, path, token, JsonContent.Create(body));

    public static async Task<string> WriteTokenAsync(this Writer member) => await TokenTests.MakeTokenAsync(member.Visitor, scope: "Write");

    public static string[] ModeratorRole => [Roles.Moderator];

    /// <summary>
    /// A form post with a real antiforgery token of the visitor's session (taken from their location form), as a browser
    /// would send it to a form the page did not offer; the answer's status and Location, not followed.
    /// </summary>
    public static async Task<(System.Net.HttpStatusCode Status, string? Location)> PostFormAsync(this Visitor visitor, string path, Dictionary<string, string>? fields = null)
    {
        var page = await visitor.GetAsync("/account/location");
        fields ??= [];
        fields[Visitor.AntiforgeryField] = page.Document.QuerySelector($"form#location input[name='{Visitor.AntiforgeryField}']")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent(fields);
        using var response = await visitor.Http.PostAsync(path, content);
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }
}
