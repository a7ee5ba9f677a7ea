using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Moderation;
using PatientAtlas.Features.Organisations;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Features.Moderation;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Organisations;

/// <summary>Issue 24, finding 8: organisation profiles meet trust levels, moderation and the safety nets like any post.</summary>
public sealed class OrganisationModerationTests
{
    private const string Condition = "hemifacial-spasm";

    [Fact]
    public async Task A_new_members_profile_waits_for_a_moderator_and_is_nowhere_public_until_approved_on_the_page()
    {
        await using var app = await AtlasApp.StartAsync();
        var keeper = await app.FreshKeeperAsync();
        using var _ = keeper.Visitor;
        var saved = await keeper.Visitor.SubmitNewAsync(Orgs.Fields("Spasm Friends Madrid", Condition));
        Assert.Equal("/account/organisations", saved.Url.AbsolutePath);
        Assert.Equal("waiting", saved.Document.QuerySelector("#organisation-done")?.GetAttribute("data-done"));
        Assert.Equal("waiting", saved.Document.QuerySelector("#my-organisations .review-state")?.GetAttribute("data-review"));
        var organisation = await app.WithDbAsync(db => db.Organisations.AsNoTracking().SingleAsync(o => o.Name == "Spasm Friends Madrid"));
        Assert.Equal((false, OrganisationReview.Waiting, "new-member"), (organisation.Published, organisation.Review, organisation.HoldReasons));

        await AssertPublicAsync(app, organisation.Slug, "Spasm Friends Madrid", expected: false);

        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var queue = await moderator.Visitor.GetAsync("/moderation");
        var item = queue.Document.QuerySelector($"#item-organisation-{organisation.Id}");
        Assert.NotNull(item);
        Assert.Equal("Spasm Friends Madrid", item.QuerySelector(".submitted-name")?.TextContent);
        Assert.Equal("https://www.example.org/about", item.QuerySelector(".submitted-website")?.TextContent);
        Assert.Equal("We meet every month.", item.QuerySelector(".submitted-description")?.TextContent);

        var noReason = await moderator.Visitor.DecideAsync("organisation", organisation.Id, "reject");
        Assert.NotNull(noReason.Document.QuerySelector("#Form_Reason-error"));
        var decided = await moderator.Visitor.DecideAsync("organisation", organisation.Id, "approve");
        Assert.NotNull(decided.Document.QuerySelector("#decided"));
        Assert.Null(decided.Document.QuerySelector($"#item-organisation-{organisation.Id}"));

        await AssertPublicAsync(app, organisation.Slug, "Spasm Friends Madrid", expected: true);
        var decision = await app.WithDbAsync(db => db.ModerationDecisions.AsNoTracking().SingleAsync(d => d.Subject == ModerationSubject.Organisation && d.SubjectId == organisation.Id));
        Assert.Equal(ModerationAction.Approve, decision.Action);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "moderation.organisation.approve")));
        Assert.Contains("approved your organisation profile", (await keeper.Visitor.GetAsync("/account")).Document.QuerySelector("#notices")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_members_change_to_a_public_profile_waits_and_the_public_keeps_the_approved_version_through_the_api()
    {
        await using var app = await AtlasApp.StartAsync();
        var keeper = await app.FreshKeeperAsync();
        using var _ = keeper.Visitor;
        var token = await TokenTests.MakeTokenAsync(keeper.Visitor, scope: "Write");
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var moderatorToken = await moderator.WriteTokenAsync();

        using var created = await ApiCalls.SendAsync(app, HttpMethod.Post, "/api/v1/organisations", token, JsonContent.Create(Body("Twitch Aid")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var json = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("waiting", json.GetProperty("status").GetString());
        Assert.Equal(["new-member"], json.GetProperty("holdReasons").EnumerateArray().Select(e => e.GetString()));
        var slug = json.GetProperty("slug").GetString()!;
        var id = await app.WithDbAsync(db => db.Organisations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());
        await AssertPublicAsync(app, slug, "Twitch Aid", expected: false);

        using (var queue = await ApiCalls.GetAsync(app, "/api/v1/moderation/queue", moderatorToken))
        {
            var item = (await queue.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "organisation" && e.GetProperty("id").GetInt64() == id);
            Assert.Equal("Twitch Aid", item.GetProperty("name").GetString());
            Assert.False(item.GetProperty("published").GetBoolean());
        }
        using (var approve = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/moderation/organisations/{id}/decisions", moderatorToken, JsonContent.Create(new { action = "approve" })))
        {
            Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        }
        using (var again = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/moderation/organisations/{id}/decisions", moderatorToken, JsonContent.Create(new { action = "approve" })))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        await AssertPublicAsync(app, slug, "Twitch Aid", expected: true);

        // A new name waits; the public keeps reading the approved one.
        using (var renamed = await ApiCalls.SendAsync(app, HttpMethod.Put, $"/api/v1/organisations/{slug}", token, JsonContent.Create(Body("Twitch Aid — now selling cures"))))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
            var answer = await renamed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("waiting", "Twitch Aid — now selling cures"), (answer.GetProperty("status").GetString(), answer.GetProperty("name").GetString()));
        }
        await AssertPublicAsync(app, slug, "Twitch Aid", expected: true);
        using (var reject = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/moderation/organisations/{id}/decisions", moderatorToken, JsonContent.Create(new { action = "reject" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, reject.StatusCode);
            Assert.Equal("application/problem+json", reject.Content.Headers.ContentType?.MediaType);
        }
        using (var reject = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/moderation/organisations/{id}/decisions", moderatorToken, JsonContent.Create(new { action = "reject", reason = "Selling cures." })))
        {
            Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        }
        await AssertPublicAsync(app, slug, "Twitch Aid", expected: true);
        var stored = await Orgs.FindAsync(app, slug);
        Assert.Equal((OrganisationReview.Rejected, "Twitch Aid — now selling cures"), (stored!.Review, stored.PendingName));
        Assert.Equal(2, await app.WithDbAsync(db => db.MemberNotifications.CountAsync(n => n.Subject == ModerationSubject.Organisation)));
    }

    [Fact]
    public async Task A_moderator_never_decides_a_profile_they_keep()
    {
        await using var app = await AtlasApp.StartAsync();
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var slug = await moderator.Visitor.CreateAsync(app, Orgs.Fields("My Own Clinic", Condition));
        var id = await app.WithDbAsync(db => db.Organisations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());

        Assert.Null((await moderator.Visitor.GetAsync("/moderation")).Document.QuerySelector($"#item-organisation-{id}"));
        var token = await moderator.WriteTokenAsync();
        using (var queue = await ApiCalls.GetAsync(app, "/api/v1/moderation/queue", token))
        {
            Assert.DoesNotContain((await queue.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(), e => e.GetProperty("kind").GetString() == "organisation");
        }
        using (var own = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/moderation/organisations/{id}/decisions", token, JsonContent.Create(new { action = "approve" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
            Assert.Equal("Moderation.OwnCase", (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        Assert.False((await Orgs.FindAsync(app, slug))!.Published);

        using var other = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        Assert.NotNull((await other.Visitor.GetAsync("/moderation")).Document.QuerySelector($"#item-organisation-{id}"));
        await other.Visitor.DecideAsync("organisation", id, "approve");
        Assert.True((await Orgs.FindAsync(app, slug))!.Published);
    }

    [Fact]
    public async Task The_safety_nets_and_the_no_links_rule_hold_a_profile_like_any_post()
    {
        await using var app = await AtlasApp.StartAsync();

        // A new member's description carries no links: a field error, nothing stored; the website field is their declared site.
        var fresh = await app.FreshKeeperAsync();
        using var _ = fresh.Visitor;
        var linked = await fresh.Visitor.SubmitNewAsync(Orgs.Fields("Linky Group", Condition, description: "See [our page](https://evil.example/x) for more."));
        Assert.Equal(HttpStatusCode.BadRequest, linked.Status);
        Assert.NotNull(linked.Document.QuerySelector("#Form_Description-error"));
        Assert.False(await app.WithDbAsync(db => db.Organisations.AnyAsync(o => o.Name == "Linky Group")));
        var token = await TokenTests.MakeTokenAsync(fresh.Visitor, scope: "Write");
        using (var api = await ApiCalls.SendAsync(app, HttpMethod.Post, "/api/v1/organisations", token, JsonContent.Create(Body("Linky Group", "Read https://evil.example/x"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
            Assert.Contains("Organisation.NoLinksYet", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A member with standing publishes at once, unless a net holds the words.
        var keeper = await app.KeeperAsync();
        using var __ = keeper.Visitor;
        var clean = await keeper.Visitor.CreateAsync(app, Orgs.Fields("Clean Group", Condition));
        Assert.True((await Orgs.FindAsync(app, clean))!.Published);
        await AssertPublicAsync(app, clean, "Clean Group", expected: true);

        var mail = await keeper.Visitor.CreateAsync(app, Orgs.Fields("Mail Group", Condition, description: "Write to maria.lopez@gmail.com for the meetings."));
        var held = await Orgs.FindAsync(app, mail);
        Assert.Equal((false, OrganisationReview.Waiting), (held!.Published, held.Review));
        Assert.Contains("email", held.HoldReasons!, StringComparison.Ordinal);
        await AssertPublicAsync(app, mail, "Mail Group", expected: false);

        var crisis = await keeper.Visitor.SubmitNewAsync(Orgs.Fields("Crisis Group", Condition, description: "Honestly I want to end my life."));
        Assert.NotNull(crisis.Document.QuerySelector("#crisis-help a[href='/help/crisis']"));
        var urgent = await app.WithDbAsync(db => db.Organisations.AsNoTracking().SingleAsync(o => o.Name == "Crisis Group"));
        Assert.Equal((false, true), (urgent.Published, urgent.Urgent));
        Assert.Contains("crisis", urgent.HoldReasons!, StringComparison.Ordinal);

        // The held change of a public profile keeps the public version until a moderator reads it.
        var edited = await keeper.Visitor.SubmitAsync($"/account/organisations/{clean}/edit", "form#organisation-form", Orgs.Fields("Clean Group", Condition, description: "Call 612 34 56 78 any evening."));
        Assert.Equal("waiting", edited.Document.QuerySelector("#organisation-done")?.GetAttribute("data-done"));
        var profile = await app.NewVisitor().GetAsync($"/organisations/{clean}");
        Assert.DoesNotContain("612 34 56 78", profile.Document.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("We meet every month.", profile.Document.Body!.TextContent, StringComparison.Ordinal);

        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var queue = await moderator.Visitor.GetAsync("/moderation");
        var items = queue.Document.QuerySelectorAll("#organisation-reviews li.queue-item").Select(e => e.Id).ToList();
        var crisisId = urgent.Id;
        Assert.Equal($"item-organisation-{crisisId}", items[0]);
        Assert.Contains($"item-organisation-{held.Id}", items);
    }

    private static object Body(string name, string description = "We meet every month.") => new
    {
        name, kind = "organisation", website = "https://twitch-aid.example/", description, country = "ES", city = "Madrid", conditions = new[] { Condition },
    };

    /// <summary>Whether the profile is public: its page, the directory, the API (one and list) and the condition's map.</summary>
    private static async Task AssertPublicAsync(AtlasApp app, string slug, string name, bool expected)
    {
        using var reader = app.NewVisitor();
        Assert.Equal(expected ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await reader.GetAsync($"/organisations/{slug}")).Status);
        var directory = await reader.GetAsync($"/organisations?condition={Condition}");
        Assert.Equal(expected, directory.Document.Body!.TextContent.Contains(name, StringComparison.Ordinal));
        using var one = await app.Client.GetAsync($"/api/v1/organisations/{slug}");
        Assert.Equal(expected ? HttpStatusCode.OK : HttpStatusCode.NotFound, one.StatusCode);
        if (expected)
        {
            Assert.Equal(name, (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        }
        var list = await app.Client.GetFromJsonAsync<JsonElement>($"/api/v1/organisations?condition={Condition}");
        Assert.Equal(expected, list.GetProperty("organisations").EnumerateArray().Any(o => o.GetProperty("slug").GetString() == slug));
        var map = await app.Client.GetFromJsonAsync<JsonElement>($"/api/v1/conditions/{Condition}/map");
        Assert.Equal(expected, map.GetProperty("organisations").EnumerateArray().Any(o => o.GetProperty("slug").GetString() == slug));
    }
}
