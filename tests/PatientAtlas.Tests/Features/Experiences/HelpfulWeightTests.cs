using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Features.Community;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Features.Moderation;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Experiences;

/// <summary>Issue 24, finding 4: fresh accounts cannot stuff the public helpful count; their votes are kept and count once they have standing.</summary>
public sealed class HelpfulWeightTests
{
    [Fact]
    public async Task Votes_of_fresh_accounts_are_kept_but_leave_the_public_count_alone_until_the_voters_have_standing()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.MemberWithStandingAsync(TrustLevel.Member);
        var post = await app.PostAsync(author, "Sunglasses indoors calmed the spasms.");
        var other = await app.PostAsync(author, "Another post.");

        var ring = new List<ModerationSteps.Writer>();
        for (var i = 0; i < 10; i++)
        {
            var fresh = await app.ConsentedMemberAsync();
            ring.Add(fresh);
            using var vote = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/experiences/{post}/helpful", await fresh.WriteTokenAsync());
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
            var json = await vote.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((0, true, false), (json.GetProperty("helpful").GetInt32(), json.GetProperty("voted").GetBoolean(), json.GetProperty("counted").GetBoolean()));
        }
        Assert.Equal(0, await HelpfulCountAsync(app, post));
        Assert.Equal(10, await app.WithDbAsync(db => db.HelpfulVotes.CountAsync(v => v.ExperienceId == post)));

        // The voter sees their vote, and that it waits; a second one is still refused.
        var page = await ring[0].Visitor.GetAsync($"/experiences/{post}/helpful");
        Assert.Equal("voted", page.Document.QuerySelector("#helpful-state")?.GetAttribute("data-state"));
        Assert.NotNull(page.Document.QuerySelector("#helpful-waiting"));
        using (var again = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/experiences/{post}/helpful", await ring[0].WriteTokenAsync()))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // A member in good standing counts at once, through the page.
        using var member = await app.MemberWithStandingAsync(TrustLevel.Member);
        var ask = await member.Visitor.GetAsync($"/experiences/{post}/helpful");
        await member.Visitor.SubmitAsync(ask.Document, ask.Url, "form#helpful");
        Assert.Equal(1, await HelpfulCountAsync(app, post));

        // A ring member who gains standing: their waiting vote counts at their next vote, or at the hourly sweep.
        await GainStandingAsync(app, ring[1]);
        using (var next = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/experiences/{other}/helpful", await ring[1].WriteTokenAsync()))
        {
            Assert.True((await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("counted").GetBoolean());
        }
        Assert.Equal((2, 1), (await HelpfulCountAsync(app, post), await HelpfulCountAsync(app, other)));
        await GainStandingAsync(app, ring[2]);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<HelpfulVotes>().CountEarnedAsync(CancellationToken.None));
        }
        Assert.Equal(3, await HelpfulCountAsync(app, post));
        Assert.Equal(8, await app.WithDbAsync(db => db.HelpfulVotes.CountAsync(v => v.ExperienceId == post && !v.Counted)));

        // Taking back a waiting vote changes no count; taking back a counted one does.
        using (var undo = await ApiCalls.SendAsync(app, HttpMethod.Delete, $"/api/v1/experiences/{post}/helpful", await ring[3].WriteTokenAsync()))
        {
            Assert.Equal(3, (await undo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("helpful").GetInt32());
        }
        using (var undo = await ApiCalls.SendAsync(app, HttpMethod.Delete, $"/api/v1/experiences/{post}/helpful", await ring[2].WriteTokenAsync()))
        {
            Assert.Equal(2, (await undo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("helpful").GetInt32());
        }
        Assert.Equal(await app.WithDbAsync(db => db.HelpfulVotes.CountAsync(v => v.ExperienceId == post && v.Counted)), await HelpfulCountAsync(app, post));
        foreach (var fresh in ring)
        {
            fresh.Dispose();
        }
    }

    [Fact]
    public async Task A_burst_of_votes_from_one_network_is_slowed()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Community:HelpfulVotesPerNetworkPerHour"] = "2",
            ["Site:KnownProxies:0"] = "127.0.0.1",
        });
        using var author = await app.ConsentedMemberAsync();
        var posts = new[] { await app.PostAsync(author, "One."), await app.PostAsync(author, "Two."), await app.PostAsync(author, "Three.") };
        using var voter = await app.ConsentedMemberAsync();
        var token = await voter.WriteTokenAsync();
        var statuses = new List<HttpStatusCode>();
        foreach (var (post, address) in new[] { (posts[0], "192.0.2.1"), (posts[1], "192.0.2.2"), (posts[2], "192.0.2.3") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/experiences/{post}/helpful");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("X-Forwarded-For", address);
            using var answer = await app.Client.SendAsync(request);
            statuses.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(answer.Headers.RetryAfter);
            }
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, await app.WithDbAsync(db => db.HelpfulVotes.CountAsync()));
    }

    private static Task<int> HelpfulCountAsync(AtlasApp app, long id) =>
        app.WithDbAsync(db => db.Experiences.Where(e => e.Id == id).Select(e => e.HelpfulCount).SingleAsync());

    private static Task GainStandingAsync(AtlasApp app, ModerationSteps.Writer member) => app.GiveStandingAsync(member.Id, member.Pseudonym);
}
