using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Map;
using PatientAtlas.Features.Messages;
using PatientAtlas.Tests.Features.Experiences;
using PatientAtlas.Tests.Infrastructure;
using PatientAtlas.Tests.Features.Accounts;

namespace PatientAtlas.Tests.Features.Moderation;

/// <summary>
/// One suspension check for every member write: each page write of a suspended member goes to /account/suspended,
/// each API write answers 403 "Account suspended", and nothing is stored; the safety actions (report, leave, block,
/// decline, downloading one's data, deleting one's own post) stay open. Staff writes (moderation, editorial, admin) are
/// refused the same way, every one of them: the test finds them in the site's endpoints (every POST handler of a page
/// and every API write whose authorization names a staff role), so a staff write added later is tested too.
/// </summary>
public sealed partial class SuspendedWritesTests
{
    private static async Task<(HttpStatusCode Status, string? Title)> ApiAsync(AtlasApp app, HttpMethod method, string path, string token, object? body = null)
    {
        using var response = await ApiCalls.SendAsync(app, method, path, token, body is null ? null : JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        string? title = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            using var json = JsonDocument.Parse(text);
            title = json.RootElement.GetProperty("title").GetString();
        }
        return (response.StatusCode, title);
    }

    private static async Task<long> RequestAsync(AtlasApp app, int from, int to)
    {
        long id = 0;
        await app.WithDbAsync(async db =>
        {
            var request = new ContactRequest { FromId = from, ToId = to, Message = "Hello", CreatedAt = DateTime.UtcNow.AddMinutes(-5) };
            db.Add(request);
            await db.SaveChangesAsync();
            id = request.Id;
        });
        return id;
    }

    private static async Task<long> ConversationAsync(AtlasApp app, int first, int second)
    {
        long id = 0;
        await app.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow.AddMinutes(-5);
            var conversation = new Conversation { FirstId = first, SecondId = second, CreatedAt = now, LastMessageAt = now };
            db.Add(conversation);
            await db.SaveChangesAsync();
            db.Add(new ConversationMessage { ConversationId = conversation.Id, SenderId = second, Text = "Hi", SentAt = now });
            await db.SaveChangesAsync();
            id = conversation.Id;
        });
        return id;
    }

    [Fact]
    public async Task A_suspended_member_is_refused_every_member_write_the_same_way_and_keeps_the_safety_actions()
    {
        await using var app = await AtlasApp.StartAsync();
        using var suspended = await app.ConsentedMemberAsync();
        using var other = await app.ConsentedMemberAsync();
        using var third = await app.ConsentedMemberAsync();
        var token = await suspended.WriteTokenAsync();
        var own = await app.PostAsync(suspended, "My own earlier post.");
        var target = await app.PostAsync(other, "Someone else's post.");
        var talk = await ConversationAsync(app, suspended.Id, other.Id);
        var blockable = await ConversationAsync(app, suspended.Id, third.Id);
        var requesters = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var (visitor, email, _) = await app.MemberAsync();
            visitor.Dispose();
            requesters.Add(await app.MemberIdAsync(email));
        }
        var requests = new List<long>();
        foreach (var from in requesters)
        {
            requests.Add(await RequestAsync(app, from, suspended.Id));
        }
        await app.WithDbAsync(db => db.Users.Where(m => m.Id == suspended.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SuspendedUntil, DateTime.UtcNow.AddDays(3)).SetProperty(m => m.WasSuspended, true)));
        var v = suspended.Visitor;

        var pages = new (string Write, Func<Task<(HttpStatusCode, string?)>> Post)[]
        {
            ("share", () => v.PostFormAsync("/conditions/hemifacial-spasm/sleep/share", new() { ["Form.Text"] = "New words." })),
            ("helpful vote", () => v.PostFormAsync($"/experiences/{target}/helpful", new() { ["helpful"] = "true" })),
            ("flag", () => v.PostFormAsync($"/conditions/hemifacial-spasm/sleep/experiences/{target}/flag", new() { ["Form.Reason"] = "spam" })),
            ("ask", () => v.PostFormAsync("/conditions/hemifacial-spasm/ask", new() { ["Form.Title"] = "Does anyone sleep sitting up?" })),
            ("contact request", () => v.PostFormAsync("/messages/new", new() { ["To"] = third.Pseudonym, ["Message"] = "Hello" })),
            ("message", () => v.PostFormAsync($"/messages/{talk}?handler=send", new() { ["Text"] = "More words" })),
            ("accept a request", () => v.PostFormAsync("/messages?handler=accept", new() { ["Id"] = requests[0].ToString(System.Globalization.CultureInfo.InvariantCulture) })),
        };
        foreach (var (write, post) in pages)
        {
            var (status, location) = await post();
            Assert.True(status == HttpStatusCode.Redirect && location == "/account/suspended", $"{write}: {(int)status} {location}");
        }

        var api = new (string Write, HttpMethod Method, string Path, object? Body)[]
        {
            ("share", HttpMethod.Post, "/api/v1/conditions/hemifacial-spasm/questions/sleep/experiences", Sharing.Body()),
            ("edit", HttpMethod.Put, $"/api/v1/experiences/{own}", Sharing.Body("Edited words.")),
            ("helpful vote", HttpMethod.Post, $"/api/v1/experiences/{target}/helpful", null),
            ("unvote", HttpMethod.Delete, $"/api/v1/experiences/{target}/helpful", null),
            ("flag", HttpMethod.Post, $"/api/v1/experiences/{target}/flags", new { reason = "spam" }),
            ("message", HttpMethod.Post, $"/api/v1/messages/{talk}", new { text = "More words" }),
            ("contact request", HttpMethod.Post, "/api/v1/contact-requests", new { to = third.Pseudonym, message = "Hello" }),
            ("accept a request", HttpMethod.Post, $"/api/v1/contact-requests/{requests[2]}/accept", null),
        };
        foreach (var (write, method, path, body) in api)
        {
            var (status, title) = await ApiAsync(app, method, path, token, body);
            Assert.True(status == HttpStatusCode.Forbidden && title == "Account suspended", $"{write}: {(int)status} {title}");
        }

        // Nothing was stored.
        Assert.Equal(1, await app.WithDbAsync(db => db.Experiences.CountAsync(e => e.MemberId == suspended.Id)));
        Assert.Equal("My own earlier post.", (await app.ExperienceAsync(own)).Text);
        Assert.Equal(0, await app.WithDbAsync(db => db.ExperienceFlags.CountAsync(f => f.MemberId == suspended.Id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<PatientAtlas.Features.Experiences.HelpfulVote>().CountAsync(h => h.MemberId == suspended.Id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.QuestionProposals.CountAsync(p => p.MemberId == suspended.Id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ContactRequest>().CountAsync(r => r.FromId == suspended.Id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ConversationMessage>().CountAsync(m => m.SenderId == suspended.Id)));
        Assert.Equal(4, await app.WithDbAsync(db => db.Set<ContactRequest>().CountAsync(r => r.ToId == suspended.Id && r.Status == ContactStatus.Pending)));

        // The safety actions stay open: report, decline, block, leave; hiding from maps and turning requests off; their
        // data; deleting their own post.
        Assert.Equal((HttpStatusCode.Redirect, "/account/location?done=saved"), await v.PostFormAsync("/account/location", new() { ["Place"] = "country", ["Country"] = "ES", ["Visibility"] = "Hidden", ["RequestsOff"] = "true" }));
        var hidden = await app.WithDbAsync(db => db.Set<MemberLocation>().SingleAsync(l => l.MemberId == suspended.Id));
        Assert.Equal(MapVisibility.Hidden, hidden.Visibility);
        Assert.True(hidden.RequestsOff);
        Assert.Equal((HttpStatusCode.Redirect, $"/messages/{talk}?done=reported"), await v.PostFormAsync($"/messages/{talk}?handler=report", new() { ["Reason"] = "harassment" }));
        Assert.Equal((HttpStatusCode.Redirect, "/messages?done=declined"), await v.PostFormAsync("/messages?handler=decline", new() { ["Id"] = requests[1].ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.Equal(HttpStatusCode.Created, (await ApiAsync(app, HttpMethod.Post, $"/api/v1/contact-requests/{requests[3]}/decline", token)).Status);
        Assert.Equal((HttpStatusCode.Redirect, "/messages?done=left"), await v.PostFormAsync($"/messages/{blockable}?handler=block"));
        Assert.Equal((HttpStatusCode.Redirect, "/messages?done=left"), await v.PostFormAsync($"/messages/{talk}?handler=leave"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<ConversationReport>().CountAsync(r => r.ReporterId == suspended.Id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<MemberBlock>().CountAsync(b => b.BlockerId == suspended.Id && b.BlockedId == third.Id)));
        using (var download = await v.Http.GetAsync("/account/data?handler=download"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await ApiAsync(app, HttpMethod.Delete, $"/api/v1/experiences/{own}", token)).Status);
    }

    /// <summary>Values for the route parameters of the staff endpoints; a new parameter name fails the test until it has one.</summary>
    private static string Fill(string pattern, IReadOnlyDictionary<string, string> samples) =>
        "/" + RouteParameter().Replace(pattern.TrimStart('/'), m => samples.TryGetValue(m.Groups[1].Value, out var value)
            ? value : throw new InvalidOperationException($"no sample for {{{m.Groups[1].Value}}} in {pattern}: add one to the test"));

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();

    private static async Task<bool> ForStaffAsync(IAuthorizationPolicyProvider policies, IReadOnlyList<object> metadata)
    {
        var policy = await AuthorizationPolicy.CombineAsync(policies, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>());
        return policy?.Requirements.OfType<RolesAuthorizationRequirement>().Any(r => r.AllowedRoles.Intersect(Roles.All).Any()) == true;
    }

    /// <summary>Every POST handler of a staff page (path with its handler) and every staff API write (method, path), from the endpoints.</summary>
    private static async Task<(List<string> Pages, List<(HttpMethod Method, string Path)> Api)> StaffWritesAsync(AtlasApp app, IReadOnlyDictionary<string, string> samples)
    {
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var loader = app.Services.GetRequiredService<PageLoader>();
        var pages = new List<string>();
        var api = new List<(HttpMethod, string)>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (pattern.StartsWith("{culture", StringComparison.Ordinal))
            {
                continue;
            }
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } descriptor)
            {
                var compiled = await loader.LoadAsync(descriptor, endpoint.Metadata);
                if (await ForStaffAsync(policies, compiled.EndpointMetadata.ToList()))
                {
                    pages.AddRange(compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
                        .Select(h => Fill(pattern, samples) + (h.Name is null ? "" : "?handler=" + h.Name)));
                }
            }
            else if (pattern.StartsWith("/api/", StringComparison.Ordinal) && await ForStaffAsync(policies, endpoint.Metadata.ToList()))
            {
                api.AddRange((endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is not ("GET" or "HEAD"))
                    .Select(m => (new HttpMethod(m), Fill(pattern, samples))));
            }
        }
        return (pages.Distinct().ToList(), api.Distinct().ToList());
    }

    [Fact]
    public async Task A_suspended_moderator_editor_reviewer_or_admin_is_refused_every_staff_write_found_in_the_endpoints()
    {
        await using var app = await AtlasApp.StartAsync();
        using var staff = await app.ConsentedMemberAsync(Roles.All);
        using var author = await app.ConsentedMemberAsync();
        var token = await staff.WriteTokenAsync();
        var post = await app.PostAsync(author, "Waiting for a moderator.", ExperienceStatus.Pending, HoldReasons.NewMember);
        var organisation = await app.WithDbAsync(db => db.Set<PatientAtlas.Features.Organisations.Organisation>().AsNoTracking().OrderBy(o => o.Id).FirstAsync());
        var revisionsBefore = await app.WithDbAsync(db => db.SummaryRevisions.CountAsync());
        var auditBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.ActorId == staff.Id));
        await app.WithDbAsync(db => db.Users.Where(m => m.Id == staff.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SuspendedUntil, DateTime.UtcNow.AddDays(3)).SetProperty(m => m.WasSuspended, true)));

        var samples = new Dictionary<string, string>
        {
            ["condition"] = "hemifacial-spasm", ["question"] = "triggers", ["language"] = "en",
            ["id"] = post.ToString(System.Globalization.CultureInfo.InvariantCulture), ["slug"] = organisation.Slug,
        };
        var (pages, api) = await StaffWritesAsync(app, samples);
        // The derivation finds what it must (or the test would pass on nothing).
        Assert.Superset(new HashSet<string>
        {
            "/moderation?handler=Experience", "/moderation?handler=Question", "/moderation?handler=Conversation", "/admin", "/admin/reviewers",
            "/admin/organisations?handler=Verify", "/editorial/import", "/editorial/hemifacial-spasm/triggers?handler=Save",
            "/editorial/hemifacial-spasm/triggers?handler=Submit", "/editorial/hemifacial-spasm/triggers?handler=Approve",
        }, pages.ToHashSet());
        Assert.Superset(new HashSet<string>
        {
            $"POST /api/v1/moderation/experiences/{post}/decisions", $"POST /api/v1/moderation/conversations/{post}/decisions",
            "PUT /api/v1/editorial/hemifacial-spasm/triggers/en/draft", "POST /api/v1/editorial/hemifacial-spasm/triggers/en/review",
        }, api.Select(a => $"{a.Method} {a.Path}").ToHashSet());

        // What a real decision, save, grant or verification would send: refused before any of it is read.
        var fields = new Dictionary<string, string>(PatientAtlas.Tests.Features.Editorial.Editors.Draft())
        {
            ["Form.Action"] = "approve", ["member"] = author.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = Roles.Moderator,
            ["change"] = "grant", ["note"] = "checked", ["slug"] = organisation.Slug, ["verified"] = organisation.Verified ? "false" : "true",
        };
        foreach (var page in pages)
        {
            var path = page + (page.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"id={post}&lang=en";
            var (status, location) = await staff.Visitor.PostFormAsync(path, new(fields));
            Assert.True(status == HttpStatusCode.Redirect && location == "/account/suspended", $"POST {path}: {(int)status} {location}");
        }
        foreach (var (method, path) in api)
        {
            var (status, title) = await ApiAsync(app, method, path, token, new { action = "approve", decision = "approve", shortAnswer = "Saved?", bodyMarkdown = "Saved?" });
            Assert.True(status == HttpStatusCode.Forbidden && title == "Account suspended", $"{method} {path}: {(int)status} {title}");
        }

        // Reading is paused with the role: the queue (reported conversations' messages), drafts and accounts are not shown.
        foreach (var page in new[] { "/moderation", "/admin", "/editorial", "/es/moderation" })
        {
            var response = await staff.Visitor.Http.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString is "/account/suspended" or "/es/account/suspended",
                $"GET {page}: {(int)response.StatusCode} {response.Headers.Location}");
        }
        var (queueStatus, queueTitle) = await ApiAsync(app, HttpMethod.Get, "/api/v1/moderation/queue", token);
        Assert.True(queueStatus == HttpStatusCode.Forbidden && queueTitle == "Account suspended", $"GET queue: {(int)queueStatus} {queueTitle}");

        // Nothing changed: the post waits, no decision, no role, no revision, the organisation as it was, no audit entry by them.
        Assert.Equal(ExperienceStatus.Pending, (await app.ExperienceAsync(post)).Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.ModerationDecisions.CountAsync(d => d.ModeratorId == staff.Id)));
        Assert.Empty(await app.WithDbAsync(db => RoleChangesOf(db, author.Id)));
        Assert.Equal(revisionsBefore, await app.WithDbAsync(db => db.SummaryRevisions.CountAsync()));
        var after = await app.WithDbAsync(db => db.Set<PatientAtlas.Features.Organisations.Organisation>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == organisation.Id));
        Assert.Equal(organisation.Verified, after?.Verified);
        Assert.Equal(auditBefore, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.ActorId == staff.Id)));
    }

    private static Task<List<string>> RoleChangesOf(PatientAtlas.Data.AtlasDb db, int memberId) =>
        db.UserRoles.Where(r => r.UserId == memberId).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync();
}
