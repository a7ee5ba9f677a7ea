using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Experiences;

public sealed class ExperienceApiTests
{
    [Fact]
    public async Task A_member_with_a_write_token_posts_and_gets_201_with_the_status_and_where_to_find_it()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();

        using var posted = await app.PostAsync(writer.Token, Sharing.Body());
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var json = await posted.JsonAsync();
        var id = json.GetProperty("id").GetInt64();
        Assert.Equal("published", json.GetProperty("status").GetString());
        Assert.Equal($"/api/v1/experiences/{id}", posted.Headers.Location?.OriginalString);
        Assert.Equal("affected", json.GetProperty("relation").GetString());
        Assert.Equal("helped", json.GetProperty("tried")[0].GetProperty("outcome").GetString());

        var stored = await app.WithDbAsync(db => db.Experiences.Include(e => e.Tried).SingleAsync(e => e.Id == id));
        Assert.Equal(writer.Id, stored.MemberId);
        Assert.Equal(writer.Pseudonym, stored.AuthorPseudonym);
        Assert.Equal(ExperienceStatus.Published, stored.Status);
        Assert.Equal("cutting down coffee", Assert.Single(stored.Tried).InterventionKey);

        using var read = await app.Client.GetAsync($"/api/v1/experiences/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task A_new_members_post_waits_for_review_and_only_its_author_reads_it()
    {
        await using var app = await AtlasApp.StartAsync();
        using var writer = await app.WriterAsync();
        using var other = await app.WriterAsync();

        using var posted = await app.PostAsync(writer.Token, Sharing.Body());
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var json = await posted.JsonAsync();
        Assert.Equal("pending", json.GetProperty("status").GetString());
        Assert.Equal([HoldReasons.NewMember], json.GetProperty("holdReasons").EnumerateArray().Select(e => e.GetString()));
        var id = json.GetProperty("id").GetInt64();

        using var mine = await ApiCalls.GetAsync(app, $"/api/v1/experiences/{id}", writer.Token);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        using var theirs = await ApiCalls.GetAsync(app, $"/api/v1/experiences/{id}", other.Token);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        using var anonymous = await app.Client.GetAsync($"/api/v1/experiences/{id}");
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { """{"text":"","relation":"affected"}""", "text" },
        { """{"text":"   ","relation":"affected"}""", "text" },
        { "{\"text\":\"" + new string('a', ExperienceCodes.TextMaxLength + 1) + "\",\"relation\":\"affected\"}", "text" },
        { """{"text":"Fine.","relation":"neighbour"}""", "relation" },
        { """{"text":"Fine."}""", "relation" },
        { """{"text":"Fine.","relation":"affected","tried":[{"intervention":"Diet","outcome":"cured"}]}""", "tried[0].outcome" },
        { """{"text":"Fine.","relation":"affected","tried":[{"intervention":"","outcome":"helped"},{"intervention":"Diet"}]}""", "tried[0].intervention" },
        { "{\"text\":\"Fine.\",\"relation\":\"affected\",\"tried\":[{\"intervention\":\"" + new string('x', 201) + "\",\"outcome\":\"helped\"}]}", "tried[0].intervention" },
        { "{\"text\":\"Fine.\",\"relation\":\"affected\",\"tried\":[{\"intervention\":\"Diet\",\"outcome\":\"helped\",\"duration\":\"" + new string('x', 101) + "\"}]}", "tried[0].duration" },
        { "{\"text\":\"Fine.\",\"relation\":\"affected\",\"tried\":[{\"intervention\":\"Diet\",\"outcome\":\"helped\",\"sideEffects\":\"" + new string('x', 1001) + "\"}]}", "tried[0].sideEffects" },
        { "{\"text\":\"Fine.\",\"relation\":\"affected\",\"tried\":[" + string.Join(',', Enumerable.Repeat("{\"intervention\":\"Diet\",\"outcome\":\"helped\"}", 21)) + "]}", "tried" },
        { """{"text":"Fine.","relation":"affected","language":"fr"}""", "language" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_problem_with_field_errors_and_nothing_is_stored(string body, string field)
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();
        var before = await app.ExperienceCountAsync();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var posted = await ApiCalls.SendAsync(app, HttpMethod.Post, Sharing.Path, writer.Token, content);
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal("application/problem+json", posted.Content.Headers.ContentType?.MediaType);
        var errors = (await posted.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {errors}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(before, await app.ExperienceCountAsync());
    }

    [Fact]
    public async Task Without_consent_a_read_token_suspended_or_on_an_unknown_question_nothing_is_stored()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var noConsent = await app.WriterAsync(consent: false);
        using var writer = await app.WriterAsync();
        var readOnly = await Accounts.TokenTests.MakeTokenAsync(writer.Visitor, scope: "Read", name: "reader");

        using (var refused = await app.PostAsync(noConsent.Token, Sharing.Body()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        using (var refused = await app.PostAsync(readOnly, Sharing.Body()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var anonymous = await app.Client.PostAsync(Sharing.Path, JsonContent.Create(Sharing.Body())))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using (var unknown = await app.PostAsync(writer.Token, Sharing.Body(), "/api/v1/conditions/hemifacial-spasm/questions/no-such-question/experiences"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        }
        using (var unknown = await app.PostAsync(writer.Token, Sharing.Body(), "/api/v1/conditions/no-such-condition/questions/diet/experiences"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        await app.WithDbAsync(db => db.Users.Where(m => m.Id == writer.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SuspendedUntil, DateTime.UtcNow.AddDays(3)).SetProperty(m => m.WasSuspended, true)));
        using (var suspended = await app.PostAsync(writer.Token, Sharing.Body()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, suspended.StatusCode);
            Assert.Equal("Account suspended", (await suspended.JsonAsync()).GetProperty("title").GetString());
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.Experiences.CountAsync(e => e.MemberId == writer.Id || e.MemberId == noConsent.Id)));

        await app.WithDbAsync(db => db.Users.Where(m => m.Id == writer.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SuspendedUntil, DateTime.UtcNow.AddDays(-1))));
        using var after = await app.PostAsync(writer.Token, Sharing.Body());
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    [Fact]
    public async Task A_published_post_changes_the_cached_page_and_counts_at_once()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();
        var before = await app.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        var countBefore = await app.WithDbAsync(db => db.Questions.Where(q => q.Slug == "diet" && db.Conditions.Any(c => c.Id == q.ConditionId && c.Slug == "hemifacial-spasm")).Select(q => q.ExperienceCount).SingleAsync());

        using var posted = await app.PostAsync(writer.Token, Sharing.Body(text: "Unique marker zebrafinch: fewer spasms without coffee."));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var after = await app.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        Assert.Contains("zebrafinch", after.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("zebrafinch", before.Body!.TextContent, StringComparison.Ordinal);
        await Recount.AssertTrueAsync(app);
        var countAfter = await app.WithDbAsync(db => db.Questions.Where(q => q.Slug == "diet" && db.Conditions.Any(c => c.Id == q.ConditionId && c.Slug == "hemifacial-spasm")).Select(q => q.ExperienceCount).SingleAsync());
        Assert.Equal(countBefore + 1, countAfter);
        Assert.Equal(1, await app.ExperiencesFoundAsync("zebrafinch"));
    }
}
