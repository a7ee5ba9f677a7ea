using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Community;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Moderation;

/// <summary>Issue 24, finding 4: weight comes with standing, and a burst of flags from one network is slowed.</summary>
public sealed class FlagWeightTests
{
    private const string Question = "/conditions/hemifacial-spasm/sleep";

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public async Task A_ring_of_fresh_accounts_never_hides_a_post_but_every_flag_reaches_the_moderators(int ring)
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Magnesium before bed helped my twitching.");
        var before = await app.SleepCountAsync();

        for (var i = 0; i < ring; i++)
        {
            using var fresh = await app.ConsentedMemberAsync();
            using var answer = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", await fresh.WriteTokenAsync(), new { reason = "spam", note = $"ring member {i}" });
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            Assert.Equal("published", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        var stillThere = await app.ExperienceAsync(post);
        Assert.Equal((ExperienceStatus.Published, 0), (stillThere.Status, stillThere.FlagWeight));
        Assert.Equal(before, await app.SleepCountAsync());
        Assert.Contains("Magnesium before bed", (await app.GetDocumentAsync(Question)).Body!.TextContent, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.ExperienceFlags.AsNoTracking().Where(f => f.ExperienceId == post).ToListAsync());
        Assert.Equal(ring, stored.Count);
        Assert.All(stored, f => Assert.Equal(0, f.Weight));

        // Never lost: the moderators see the post with every flag, on the page and in the API.
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var item = (await moderator.Visitor.GetAsync("/moderation")).Document.QuerySelector($"#item-experience-{post}");
        Assert.NotNull(item);
        Assert.Equal(ring, item.QuerySelectorAll(".flags li").Length);
        using var queue = await ApiCalls.GetAsync(app, "/api/v1/moderation/queue", await moderator.WriteTokenAsync());
        var listed = (await queue.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "experience" && e.GetProperty("id").GetInt64() == post);
        Assert.Equal(ring, listed.GetProperty("flags").GetArrayLength());

        // The moderator can still act on them.
        await moderator.Visitor.DecideAsync("experience", post, "hide", reason: "Spam, as the flags said.");
        Assert.Equal(ExperienceStatus.Hidden, (await app.ExperienceAsync(post)).Status);
    }

    [Fact]
    public async Task Members_in_good_standing_still_hide_a_post_at_once_and_fresh_flags_add_nothing_to_it()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Stop every medicine at once, doctors lie.");
        for (var i = 0; i < 10; i++)
        {
            using var fresh = await app.ConsentedMemberAsync();
            using var _ = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", await fresh.WriteTokenAsync(), new { reason = "medical-misinformation" });
        }
        var statuses = new List<string>();
        foreach (var level in new[] { TrustLevel.Member, TrustLevel.Member, TrustLevel.Trusted })
        {
            using var member = await app.MemberWithStandingAsync(level);
            using var answer = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", await member.WriteTokenAsync(), new { reason = "medical-misinformation" });
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            statuses.Add((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!);
        }

        // Members weigh 1, trusted members 2; four hides.
        Assert.Equal(["published", "published", "hidden"], statuses);
        var hidden = await app.ExperienceAsync(post);
        Assert.Equal((ExperienceStatus.Hidden, HoldReasons.Flagged, 4), (hidden.Status, hidden.HoldReasons, hidden.FlagWeight));

        // Two trusted members are enough on their own, through the page too.
        var other = await app.PostAsync(author, "Another post to flag.");
        using var first = await app.MemberWithStandingAsync(TrustLevel.Trusted);
        using var second = await app.MemberWithStandingAsync(TrustLevel.Trusted);
        foreach (var member in new[] { first, second })
        {
            var sent = await member.Visitor.SubmitAsync($"{Question}/experiences/{other}/flag", "form#flag", new Dictionary<string, string> { ["Form.Reason"] = "abuse" });
            Assert.NotNull(sent.Document.QuerySelector("#flag-sent"));
        }
        Assert.Equal(ExperienceStatus.Hidden, (await app.ExperienceAsync(other)).Status);
    }

    [Fact]
    public async Task A_burst_of_flags_from_one_network_is_slowed_with_429_and_Retry_After_while_other_networks_go_on()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Community:FlagsPerNetworkPerHour"] = "3",
            ["Site:KnownProxies:0"] = "127.0.0.1",
        });
        using var author = await app.ConsentedMemberAsync();
        var posts = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            posts.Add(await app.PostAsync(author, $"A post to flag, number {i}."));
        }
        using var ring = await app.ConsentedMemberAsync();
        var token = await ring.WriteTokenAsync();

        // Three accounts' worth of flags from addresses of one /24 use up its budget, whoever signs them.
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await FlagFromAsync(app, token, posts[i], $"203.0.113.{10 + i}");
            Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        }
        using (var refused = await FlagFromAsync(app, token, posts[3], "203.0.113.250"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.InRange(int.Parse(refused.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture), 1, 3600);
        }
        Assert.Equal(3, await app.WithDbAsync(db => db.ExperienceFlags.CountAsync()));

        // The site answers a friendly page, with the same Retry-After.
        using var other = await app.ConsentedMemberAsync();
        var form = await other.Visitor.GetAsync($"{Question}/experiences/{posts[3]}/flag");
        other.Visitor.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.99");
        using (var page = await other.Visitor.Http.SendAsync(Visitor.BuildRequest(
            (AngleSharp.Html.Dom.IHtmlFormElement)form.Document.QuerySelector("form#flag")!, form.Url, new Dictionary<string, string> { ["Form.Reason"] = "spam" })))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
            Assert.NotNull(page.Headers.RetryAfter);
            Assert.StartsWith("text/html", page.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
            Assert.Equal("Too many requests", document.QuerySelector("main h1")!.TextContent.Trim());
        }

        // Another network, IPv4 or IPv6, has its own budget; one IPv6 /64 is one network.
        using (var elsewhere = await FlagFromAsync(app, token, posts[3], "198.51.100.7"))
        {
            Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        }
        using (var six = await FlagFromAsync(app, token, posts[4], "2001:db8:1:2::10"))
        {
            Assert.Equal(HttpStatusCode.Created, six.StatusCode);
        }
        Assert.Equal(5, await app.WithDbAsync(db => db.ExperienceFlags.CountAsync()));
    }

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    public void A_clients_network_is_its_24_or_64(string address, string network) =>
        Assert.Equal(network, PatientAtlas.Platform.ClientNetwork.Of(IPAddress.Parse(address)));

    private static async Task<HttpResponseMessage> FlagFromAsync(AtlasApp app, string token, long post, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/experiences/{post}/flags") { Content = JsonContent.Create(new { reason = "spam" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Forwarded-For", address);
        return await app.Client.SendAsync(request);
    }
}
