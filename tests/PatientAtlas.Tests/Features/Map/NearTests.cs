using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Map;
using PatientAtlas.Features.Map.Near;
using PatientAtlas.Features.Messages;
using PatientAtlas.Features.Places;
using PatientAtlas.Features.Site;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Map;

/// <summary>"People near me": who is listed, in which order, how far, and what a viewer without a relation or a place is told.</summary>
public sealed class NearTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(9.99, 0)]
    [InlineData(10, 10)]
    [InlineData(14.9, 10)]
    [InlineData(15, 20)]
    [InlineData(38.7, 40)]
    [InlineData(94.9, 90)]
    [InlineData(95, 100)]
    [InlineData(124, 100)]
    [InlineData(125, 150)]
    [InlineData(974, 950)]
    [InlineData(975, 1000)]
    [InlineData(1049, 1000)]
    [InlineData(1050, 1100)]
    [InlineData(12345, 12300)]
    public void Distances_are_rounded_as_people_say_them(double kilometres, int rounded) =>
        Assert.Equal(rounded, NearDistance.Round(kilometres));

    [Fact]
    public void Great_circle_distances_match_known_ones()
    {
        var madrid = City("Madrid", "ES");
        var barcelona = City("Barcelona", "ES");
        Assert.InRange(NearDistance.Kilometres(madrid.Latitude, madrid.Longitude, barcelona.Latitude, barcelona.Longitude), 495, 515);
        Assert.Equal(0, NearDistance.Kilometres(madrid.Latitude, madrid.Longitude, madrid.Latitude, madrid.Longitude), 6);
        Assert.InRange(NearDistance.Kilometres(0, 0, 0, 180), 20_000, 20_040);
    }

    [Fact]
    public async Task Visible_members_are_listed_nearest_first_and_nobody_hidden_counted_blocked_or_suspended_is()
    {
        await using var app = await AtlasApp.StartAsync();
        var conditions = await MapCommunity.OtherConditionsAsync(app, 3);
        var (condition, shared, notShared) = (conditions[0], conditions[1], conditions[2]);
        var paris = await SeedOneAsync(app, condition, "Paris", "FR", Relation.Caregiver);
        var toledo = await SeedOneAsync(app, condition, "Toledo", "ES", Relation.Affected);
        var valencia = await SeedOneAsync(app, condition, "Valencia", "ES", Relation.Professional);
        var madrid = await SeedOneAsync(app, condition, "Madrid", "ES", Relation.FamilyAndFriends);
        var countryOnly = await SeedOneAsync(app, condition, null, "ES", Relation.Affected);
        var elsewhereOnly = await SeedOneAsync(app, condition, null, "FR", Relation.Affected);
        var requestsOff = await SeedOneAsync(app, condition, "Lisbon", "PT", Relation.Affected);
        var hidden = await MapCommunity.SeedAsync(app, condition, new("Madrid", "ES", Relation.Affected, 2, MapVisibility.Hidden), new("Madrid", "ES", Relation.Affected, 2, MapVisibility.Counted));
        var blockedByViewer = await SeedOneAsync(app, condition, "Madrid", "ES", Relation.Affected);
        var blockingViewer = await SeedOneAsync(app, condition, "Madrid", "ES", Relation.Affected);
        var suspended = await SeedOneAsync(app, condition, "Madrid", "ES", Relation.Affected);
        var (viewer, viewerId, viewerName) = await ViewerAsync(app, condition, "Madrid", "ES");
        await LocationTests.RelateAsync(app, viewerId, shared, Relation.Caregiver);
        await app.WithDbAsync(async db =>
        {
            var ids = await db.Users.Where(m => new[] { blockedByViewer, blockingViewer, suspended, requestsOff, madrid, valencia }.Contains(m.Pseudonym)).ToDictionaryAsync(m => m.Pseudonym, m => m.Id);
            db.Add(new MemberBlock { BlockerId = viewerId, BlockedId = ids[blockedByViewer], CreatedAt = DateTime.UtcNow });
            db.Add(new MemberBlock { BlockerId = ids[blockingViewer], BlockedId = viewerId, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            await db.Users.Where(m => m.Id == ids[suspended]).ExecuteUpdateAsync(u => u.SetProperty(m => m.SuspendedUntil, DateTime.UtcNow.AddDays(3)));
            await db.Set<MemberLocation>().Where(l => l.MemberId == ids[requestsOff]).ExecuteUpdateAsync(u => u.SetProperty(l => l.RequestsOff, true));
        });
        await RelateByNameAsync(app, madrid, shared, Relation.Affected);
        await RelateByNameAsync(app, madrid, notShared, Relation.Affected);
        await RelateByNameAsync(app, valencia, notShared, Relation.Affected);

        var page = await viewer.GetAsync($"/conditions/{condition}/near");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var rows = page.Document.QuerySelectorAll("#near-people li.person").ToList();
        // Nearest first; the visible member who gave only Spain comes after those with a distance; the one in France does not show.
        Assert.Equal([madrid, toledo, valencia, requestsOff, paris, countryOnly], rows.Select(r => r.GetAttribute("data-pseudonym")).ToList());
        var from = City("Madrid", "ES");
        int Rounded(string city, string country) => NearDistance.Round(NearDistance.Kilometres(from.Latitude, from.Longitude, City(city, country).Latitude, City(city, country).Longitude));
        Assert.Equal(["0", Rounded("Toledo", "ES").ToString(CultureInfo.InvariantCulture), Rounded("Valencia", "ES").ToString(CultureInfo.InvariantCulture),
            Rounded("Lisbon", "PT").ToString(CultureInfo.InvariantCulture), Rounded("Paris", "FR").ToString(CultureInfo.InvariantCulture), ""],
            rows.Select(r => r.GetAttribute("data-distance") ?? "").ToList());
        Assert.Equal("less than 10 km", rows[0].QuerySelector(".distance")!.TextContent);
        Assert.Equal($"about {Rounded("Toledo", "ES")} km", rows[1].QuerySelector(".distance")!.TextContent);
        Assert.Equal("Madrid, Spain", rows[0].QuerySelector(".place")!.TextContent.Split(" · ")[0]);
        Assert.Equal("Spain", rows[5].QuerySelector(".place")!.TextContent.Trim());
        Assert.Equal("family or friend", rows[0].QuerySelector(".relation")!.TextContent);
        // Shared conditions: only those both have a relation to, linked.
        var sharedLinks = rows[0].QuerySelectorAll(".shared a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/conditions/{shared}"], sharedLinks);
        Assert.Null(rows[2].QuerySelector(".shared"));
        // Ask to talk, unless requests are off.
        Assert.Equal($"/messages/new?to={Uri.EscapeDataString(madrid)}", rows[0].QuerySelector("a.ask")!.GetAttribute("href"));
        Assert.Null(rows[3].QuerySelector("a.ask"));
        Assert.Equal("Not taking requests", rows[3].QuerySelector(".not-taking")!.TextContent);
        var html = page.Document.DocumentElement.OuterHtml;
        foreach (var secret in hidden[MapVisibility.Hidden].Concat(hidden[MapVisibility.Counted]).Append(blockedByViewer).Append(blockingViewer).Append(suspended).Append(elsewhereOnly).Append(viewerName))
        {
            Assert.DoesNotContain(secret, html, StringComparison.OrdinalIgnoreCase);
        }
        AssertNoCoordinates(html, "Madrid", "Toledo", "Valencia", "Lisbon", "Paris");
        using (var raw = await viewer.Http.GetAsync($"/conditions/{condition}/near"))
        {
            Assert.Equal("no-store", raw.Headers.CacheControl?.ToString());
        }

        // The API lists the same people the same way.
        var token = await TokenTests.MakeTokenAsync(viewer);
        using var response = await ApiCalls.GetAsync(app, $"/api/v1/conditions/{condition}/near", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        AssertNoCoordinates(json, "Madrid", "Toledo", "Valencia", "Lisbon", "Paris");
        Assert.DoesNotContain("latitude", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", json, StringComparison.Ordinal);
        var answer = (await response.Content.ReadFromJsonAsync<NearApi.NearAnswer>())!;
        Assert.Equal(rows.Select(r => r.GetAttribute("data-pseudonym")), answer.Items.Select(i => i.Pseudonym));
        Assert.Equal(rows.Select(r => r.GetAttribute("data-distance") ?? ""), answer.Items.Select(i => i.DistanceKm?.ToString(CultureInfo.InvariantCulture) ?? ""));
        Assert.Equal(rows.Select(r => r.QuerySelector(".place")!.TextContent.Split(" · ")[0].Trim()),
            answer.Items.Select(i => i.City is null ? Countries.Instance.Name(i.Country) : i.City + ", " + Countries.Instance.Name(i.Country)));
        Assert.Equal(rows.Select(r => r.QuerySelector("a.ask") is not null), answer.Items.Select(i => i.AcceptsRequests));
        Assert.Equal([shared], answer.Items[0].SharedConditions.Select(s => s.Slug));
        Assert.Equal(("FamilyAndFriends", 6, 1), (answer.Items[0].Relation, answer.Total, answer.Pages));

        // The relation filter, on both.
        var caregivers = await viewer.GetAsync($"/conditions/{condition}/near?relation=Caregiver");
        Assert.Equal([paris], caregivers.Document.QuerySelectorAll("#near-people li.person").Select(r => r.GetAttribute("data-pseudonym")).ToList());
        var apiCaregivers = await (await ApiCalls.GetAsync(app, $"/api/v1/conditions/{condition}/near?relation=Caregiver", token)).Content.ReadFromJsonAsync<NearApi.NearAnswer>();
        Assert.Equal([paris], apiCaregivers!.Items.Select(i => i.Pseudonym));
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/conditions/{condition}/near?relation=Friends")).Status);
        using var badRelation = await ApiCalls.GetAsync(app, $"/api/v1/conditions/{condition}/near?relation=Friends", token);
        Assert.Equal(HttpStatusCode.BadRequest, badRelation.StatusCode);
        using var unknown = await ApiCalls.GetAsync(app, "/api/v1/conditions/no-such-condition/near", token);
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (unknown.StatusCode, unknown.Content.Headers.ContentType?.MediaType));

        // Spanish: the same list, in Spanish words and numbers.
        var spanish = await viewer.GetAsync($"/es/conditions/{condition}/near");
        var es = spanish.Document.QuerySelectorAll("#near-people li.person").ToList();
        Assert.Equal(rows.Select(r => r.GetAttribute("data-pseudonym")), es.Select(r => r.GetAttribute("data-pseudonym")));
        Assert.Equal("menos de 10 km", es[0].QuerySelector(".distance")!.TextContent);
        Assert.Equal("Madrid, España", es[0].QuerySelector(".place")!.TextContent.Split(" · ")[0]);
        Assert.Equal("familiar o amigo", es[0].QuerySelector(".relation")!.TextContent);
        Assert.Equal($"/es/messages/new?to={Uri.EscapeDataString(madrid)}", es[0].QuerySelector("a.ask")!.GetAttribute("href"));
        Assert.Equal("No acepta solicitudes", es[3].QuerySelector(".not-taking")!.TextContent);
    }

    [Fact]
    public async Task A_member_without_a_relation_a_place_or_visibility_of_their_own_is_told_why_and_where_to_change_it()
    {
        await using var app = await AtlasApp.StartAsync();
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        var visible = await SeedOneAsync(app, condition, "Madrid", "ES", Relation.Affected);

        // Anonymous: sign in first.
        var stranger = await app.NewVisitor().GetAsync($"/conditions/{condition}/near");
        Assert.EndsWith("/account/login", stranger.Url.AbsolutePath, StringComparison.Ordinal);

        // No relation: an explanation and a link to add one; no list.
        var (visitor, email, _) = await app.MemberAsync();
        var noConsent = await visitor.GetAsync($"/conditions/{condition}/near");
        Assert.EndsWith("/account/consent", noConsent.Url.AbsolutePath, StringComparison.Ordinal);
        await visitor.ConsentAsync();
        var id = await app.MemberIdAsync(email);
        await PlaceAsync(app, id, "Madrid", "ES", MapVisibility.Counted);
        var unrelated = await visitor.GetAsync($"/conditions/{condition}/near");
        Assert.Equal(HttpStatusCode.OK, unrelated.Status);
        Assert.NotNull(unrelated.Document.QuerySelector("#near-no-relation"));
        Assert.StartsWith("/account/conditions?", unrelated.Document.QuerySelector("a#add-relation")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Null(unrelated.Document.QuerySelector("#near-people"));
        Assert.DoesNotContain(visible, unrelated.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var token = await TokenTests.MakeTokenAsync(visitor);
        using (var refused = await ApiCalls.GetAsync(app, $"/api/v1/conditions/{condition}/near", token))
        {
            Assert.Equal((HttpStatusCode.Forbidden, "application/problem+json"), (refused.StatusCode, refused.Content.Headers.ContentType?.MediaType));
            Assert.Contains("/account/conditions", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A relation, but no place: sent to choose one.
        await LocationTests.RelateAsync(app, id, condition, Relation.Caregiver);
        await app.WithDbAsync(db => db.Set<MemberLocation>().Where(l => l.MemberId == id).ExecuteDeleteAsync());
        var placeless = await visitor.GetAsync($"/conditions/{condition}/near");
        Assert.NotNull(placeless.Document.QuerySelector("#near-no-place"));
        Assert.Equal("/account/location", placeless.Document.QuerySelector("a#set-location")!.GetAttribute("href"));
        Assert.Null(placeless.Document.QuerySelector("#near-people"));
        using (var conflict = await ApiCalls.GetAsync(app, $"/api/v1/conditions/{condition}/near", token))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        }
        var spanish = await visitor.GetAsync($"/es/conditions/{condition}/near");
        Assert.Equal("/es/account/location", spanish.Document.QuerySelector("a#set-location")!.GetAttribute("href"));

        // Reciprocal: a viewer whose place is only counted or hidden is not visible themselves, so sees nobody, and is
        // told why, with the ways to change it (their relation is private too, so both are offered).
        foreach (var visibility in new[] { MapVisibility.Counted, MapVisibility.Hidden })
        {
            await PlaceAsync(app, id, null, "ES", visibility);
            var notVisible = await visitor.GetAsync($"/conditions/{condition}/near");
            Assert.Equal(HttpStatusCode.OK, notVisible.Status);
            Assert.NotNull(notVisible.Document.QuerySelector("#near-not-visible"));
            Assert.Equal("/account/location", notVisible.Document.QuerySelector("a#become-visible")!.GetAttribute("href"));
            Assert.Equal("/account/conditions", notVisible.Document.QuerySelector("a#show-relation")!.GetAttribute("href"));
            Assert.Null(notVisible.Document.QuerySelector("#near-people"));
            Assert.DoesNotContain(visible, notVisible.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);
            using var forbidden = await ApiCalls.GetAsync(app, $"/api/v1/conditions/{condition}/near", token);
            Assert.Equal((HttpStatusCode.Forbidden, "application/problem+json"), (forbidden.StatusCode, forbidden.Content.Headers.ContentType?.MediaType));
            var problem = await forbidden.Content.ReadAsStringAsync();
            Assert.Contains($"\"code\":\"{NearApi.NotVisibleCode}\"", problem, StringComparison.Ordinal);
            Assert.Contains("/account/location", problem, StringComparison.Ordinal);
            Assert.DoesNotContain(visible, problem, StringComparison.Ordinal);
        }
        var notVisibleEs = await visitor.GetAsync($"/es/conditions/{condition}/near");
        Assert.StartsWith("Personas cerca de ti es para miembros que son visibles", notVisibleEs.Document.QuerySelector("#near-not-visible")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/es/account/location", notVisibleEs.Document.QuerySelector("a#become-visible")!.GetAttribute("href"));

        // Visible, but the relation to the condition private: still not listable, so still no list.
        await PlaceAsync(app, id, null, "ES", MapVisibility.Visible);
        var privateRelation = await visitor.GetAsync($"/conditions/{condition}/near");
        Assert.NotNull(privateRelation.Document.QuerySelector("#near-not-visible"));
        Assert.Null(privateRelation.Document.QuerySelector("a#become-visible"));
        Assert.NotNull(privateRelation.Document.QuerySelector("a#show-relation"));
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiCalls.GetAsync(app, $"/api/v1/conditions/{condition}/near", token)).StatusCode);

        // Shown through the relations page: only a country, so the visible members of that country, without distances, and a nudge to choose a city.
        var relationId = await app.WithDbAsync(db => db.Set<PatientAtlas.Features.Accounts.Conditions.MemberRelation>().Where(r => r.MemberId == id).Select(r => r.Id).SingleAsync());
        await visitor.SubmitAsync("/account/conditions", $"form#change-{relationId}", new Dictionary<string, string> { ["Relation"] = "Caregiver", ["Show"] = "true" });
        var countryOnly = await visitor.GetAsync($"/conditions/{condition}/near");
        Assert.NotNull(countryOnly.Document.QuerySelector("#near-country-only"));
        Assert.Null(countryOnly.Document.QuerySelector("#near-not-visible"));
        var row = Assert.Single(countryOnly.Document.QuerySelectorAll("#near-people li.person"));
        Assert.Equal((visible, null), (row.GetAttribute("data-pseudonym"), row.QuerySelector(".distance")));
        var answer = await (await ApiCalls.GetAsync(app, $"/api/v1/conditions/{condition}/near", token)).Content.ReadFromJsonAsync<NearApi.NearAnswer>();
        Assert.Equal((visible, (int?)null), (answer!.Items.Single().Pseudonym, answer.Items.Single().DistanceKm));
        await PlaceAsync(app, id, null, "PT", MapVisibility.Visible);
        Assert.NotNull((await visitor.GetAsync($"/conditions/{condition}/near")).Document.QuerySelector("#near-empty"));
    }

    [Fact]
    public async Task A_relation_a_member_keeps_private_is_never_listed_nor_named_among_shared_conditions()
    {
        await using var app = await AtlasApp.StartAsync();
        // The demo member Marta (Madrid, visible) shows hemifacial spasm and her caregiver relation to DOID:2377, and
        // keeps her relation to celiac disease private. A stranger who adds those three relations must not learn the private one.
        var celiac = await SlugOfAsync(app, "DOID", "10608");
        var other = await SlugOfAsync(app, "DOID", "2377");
        var (viewer, viewerId, _) = await ViewerAsync(app, "hemifacial-spasm", "Madrid", "ES");
        await LocationTests.RelateAsync(app, viewerId, celiac, Relation.Affected, shown: true);
        await LocationTests.RelateAsync(app, viewerId, other, Relation.Affected, shown: true);
        // And a visible member in Madrid whose only relation to a condition is private.
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        var secretive = (await MapCommunity.SeedAsync(app, condition, new MapCommunity.Group("Madrid", "ES", Relation.Affected, 1, MapVisibility.Visible, Shown: false)))[MapVisibility.Visible].Single();
        var open = await SeedOneAsync(app, condition, "Toledo", "ES", Relation.Affected);
        await LocationTests.RelateAsync(app, viewerId, condition, Relation.Affected, shown: true);
        var token = await TokenTests.MakeTokenAsync(viewer);

        // Hemifacial spasm: Marta is listed, sharing only the condition she shows.
        var hfs = await viewer.GetAsync("/conditions/hemifacial-spasm/near");
        var marta = hfs.Document.QuerySelectorAll("#near-people li.person").Single(r => r.GetAttribute("data-pseudonym") == "marta_demo");
        Assert.Equal([$"/conditions/{other}"], marta.QuerySelectorAll(".shared a").Select(a => a.GetAttribute("href")).ToList());
        Assert.DoesNotContain($"/conditions/{celiac}", hfs.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var hfsApi = (await (await ApiCalls.GetAsync(app, "/api/v1/conditions/hemifacial-spasm/near", token)).Content.ReadFromJsonAsync<NearApi.NearAnswer>())!;
        Assert.Equal([other], hfsApi.Items.Single(i => i.Pseudonym == "marta_demo").SharedConditions.Select(c => c.Slug));
        Assert.All(hfsApi.Items, i => Assert.DoesNotContain(celiac, i.SharedConditions.Select(c => c.Slug)));

        // Celiac disease: Marta is not listed at all, on the page or in the API.
        var celiacPage = await viewer.GetAsync($"/conditions/{celiac}/near");
        Assert.Equal(HttpStatusCode.OK, celiacPage.Status);
        Assert.NotNull(celiacPage.Document.QuerySelector("#near-empty, #near-people"));
        Assert.DoesNotContain("marta_demo", celiacPage.Document.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
        using (var celiacApi = await ApiCalls.GetAsync(app, $"/api/v1/conditions/{celiac}/near", token))
        {
            Assert.Equal(HttpStatusCode.OK, celiacApi.StatusCode);
            Assert.DoesNotContain("marta_demo", await celiacApi.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        foreach (var relation in Enum.GetNames<Relation>())
        {
            Assert.DoesNotContain("marta_demo", (await viewer.GetAsync($"/conditions/{celiac}/near?relation={relation}")).Document.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
        }
        // Nor on her profile.
        var profile = await viewer.GetAsync("/members/marta_demo");
        Assert.DoesNotContain($"/conditions/{celiac}", profile.Document.QuerySelector("#shown-relations")!.OuterHtml, StringComparison.Ordinal);

        // The member whose relation is private is listed nowhere; the one who shows it is.
        var list = await viewer.GetAsync($"/conditions/{condition}/near");
        Assert.Equal([open], list.Document.QuerySelectorAll("#near-people li.person").Select(r => r.GetAttribute("data-pseudonym")).ToList());
        var listApi = await (await ApiCalls.GetAsync(app, $"/api/v1/conditions/{condition}/near", token)).Content.ReadAsStringAsync();
        Assert.Contains(open, listApi, StringComparison.Ordinal);
        Assert.DoesNotContain(secretive, listApi, StringComparison.Ordinal);
        Assert.DoesNotContain(secretive, list.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);

        // Once she shows it, she is listed.
        await app.WithDbAsync(db => db.Set<PatientAtlas.Features.Accounts.Conditions.MemberRelation>()
            .Where(r => db.Users.Any(m => m.Id == r.MemberId && m.Pseudonym == secretive)).ExecuteUpdateAsync(u => u.SetProperty(r => r.ShowOnProfile, true)));
        Assert.Contains(secretive, (await viewer.GetAsync($"/conditions/{condition}/near")).Document.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_pages_by_fifty_and_costs_the_same_few_round_trips_at_three_and_at_a_hundred_and_twenty_members()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:CacheSyncSeconds"] = "3600" });
        var conditions = await MapCommunity.OtherConditionsAsync(app, 2);
        await MapCommunity.SeedAsync(app, conditions[0], new MapCommunity.Group("Madrid", "ES", Relation.Affected, 3, MapVisibility.Visible));
        await MapCommunity.SeedAsync(app, conditions[1], new("Madrid", "ES", Relation.Affected, 60, MapVisibility.Visible), new("Lyon", "FR", Relation.Caregiver, 60, MapVisibility.Visible));
        var (viewer, id, _) = await ViewerAsync(app, conditions[0], "Madrid", "ES");
        await LocationTests.RelateAsync(app, id, conditions[1], Relation.Affected, shown: true);
        await app.WithDbAsync(async db =>
        {
            // Every member of the big community shares the small one with the viewer: the shared conditions of a page are still one query.
            var small = await db.Conditions.Where(c => c.Slug == conditions[0]).Select(c => c.Id).SingleAsync();
            var big = await db.Conditions.Where(c => c.Slug == conditions[1]).Select(c => c.Id).SingleAsync();
            var members = await db.Set<PatientAtlas.Features.Accounts.Conditions.MemberRelation>().Where(r => r.ConditionId == big && r.MemberId != id).Select(r => r.MemberId).ToListAsync();
            db.AddRange(members.Select(m => new PatientAtlas.Features.Accounts.Conditions.MemberRelation { MemberId = m, ConditionId = small, Relation = Relation.Affected, ShowOnProfile = true, CreatedAt = DateTime.UtcNow }));
            await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<ContentChangeWatcher>().Started;
        await app.Services.GetRequiredService<DemoNotice>().IsShownAsync();
        await viewer.GetAsync($"/conditions/{conditions[1]}/near");

        var few = await RoundTripsAsync(app, viewer, $"/conditions/{conditions[0]}/near");
        var many = await RoundTripsAsync(app, viewer, $"/conditions/{conditions[1]}/near");
        Assert.Equal(few, many);
        Assert.True(many <= 8, $"{many} round trips");

        var first = await viewer.GetAsync($"/conditions/{conditions[1]}/near");
        Assert.Equal(50, first.Document.QuerySelectorAll("#near-people li.person").Length);
        var next = first.Document.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var second = await viewer.GetAsync(next);
        Assert.Equal(50, second.Document.QuerySelectorAll("#near-people li.person").Length);
        var third = await viewer.GetAsync(second.Document.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        var last = third.Document.QuerySelectorAll("#near-people li.person").ToList();
        Assert.Equal(20, last.Count);
        // Madrid's 60 (less than 10 km) first, then Lyon's.
        Assert.All(last, r => Assert.NotEqual("0", r.GetAttribute("data-distance")));
        Assert.Null(third.Document.QuerySelector("a[rel=next]"));
        Assert.Contains(conditions[0], first.Document.QuerySelector("#near-people li.person .shared a")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/conditions/{conditions[1]}/near?page=4")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync($"/conditions/{conditions[1]}/near?page=0")).Status);
        var caregivers = await viewer.GetAsync($"/conditions/{conditions[1]}/near?relation=Caregiver");
        Assert.Equal($"/conditions/{conditions[1]}/near?relation=Caregiver&page=2", caregivers.Document.QuerySelector("a[rel=next]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_demo_member_sees_people_near_her_for_hemifacial_spasm()
    {
        await using var app = await AtlasApp.StartAsync();
        var marta = app.NewVisitor();
        await marta.SignInAsync("member@demo.invalid", DemoMembers.Password);
        var page = await marta.GetAsync("/conditions/hemifacial-spasm/near");
        var rows = page.Document.QuerySelectorAll("#near-people li.person").ToList();
        Assert.True(rows.Count >= 3, page.Document.QuerySelector("article")?.TextContent);
        Assert.Equal("less than 10 km", rows[0].QuerySelector(".distance")!.TextContent);
        Assert.All(rows, r => Assert.StartsWith("hfs_demo_", r.GetAttribute("data-pseudonym"), StringComparison.Ordinal));
        var map = await marta.GetAsync("/conditions/hemifacial-spasm/map");
        Assert.Equal("/conditions/hemifacial-spasm/near", map.Document.QuerySelector("a#near-link")!.GetAttribute("href"));
    }

    private static Task<string> SlugOfAsync(AtlasApp app, string system, string code) =>
        app.WithDbAsync(db => db.ConditionCodes.Where(c => c.System == system && c.Code == code).Join(db.Conditions, c => c.ConditionId, c => c.Id, (_, c) => c.Slug).FirstAsync());

    private static City City(string name, string country) => Gazetteer.Instance.Search(name, 1, country)[0];

    private static async Task<long> RoundTripsAsync(AtlasApp app, Visitor visitor, string path)
    {
        var before = app.Queries.Count;
        var page = await visitor.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return app.Queries.Count - before;
    }

    private static void AssertNoCoordinates(string body, params string[] cities)
    {
        foreach (var name in cities)
        {
            var city = City(name, name switch { "Lisbon" => "PT", "Paris" => "FR", _ => "ES" });
            foreach (var value in new[] { city.Latitude, city.Longitude })
            {
                foreach (var culture in new[] { CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("es") })
                {
                    Assert.DoesNotContain(value.ToString("F2", culture), body, StringComparison.Ordinal);
                }
            }
        }
    }

    /// <summary>One visible member of the condition in a city (or only a country); returns their pseudonym.</summary>
    private static async Task<string> SeedOneAsync(AtlasApp app, string condition, string? city, string country, Relation relation) =>
        (await MapCommunity.SeedAsync(app, condition, new MapCommunity.Group(city, country, relation, 1, MapVisibility.Visible)))[MapVisibility.Visible].Single();

    /// <summary>A signed-in member who consented, with a relation to the condition shown to other members and a place (visible): someone who may see the list.</summary>
    private static async Task<(Visitor Visitor, int Id, string Pseudonym)> ViewerAsync(AtlasApp app, string condition, string? city, string country)
    {
        var (visitor, email, pseudonym) = await app.MemberAsync();
        await visitor.ConsentAsync();
        var id = await app.MemberIdAsync(email);
        await LocationTests.RelateAsync(app, id, condition, Relation.Affected, shown: true);
        await PlaceAsync(app, id, city, country, MapVisibility.Visible);
        return (visitor, id, pseudonym);
    }

    private static Task PlaceAsync(AtlasApp app, int memberId, string? cityName, string country, MapVisibility visibility) => app.WithDbAsync(async db =>
    {
        var city = cityName is null ? null : City(cityName, country);
        await db.Set<MemberLocation>().Where(l => l.MemberId == memberId).ExecuteDeleteAsync();
        db.Add(new MemberLocation
        {
            MemberId = memberId, CityId = city?.Id, CityName = city?.Name, Country = country, Latitude = city?.Latitude, Longitude = city?.Longitude,
            Visibility = visibility, UpdatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    });

    private static Task RelateByNameAsync(AtlasApp app, string pseudonym, string condition, Relation relation, bool shown = true) => app.WithDbAsync(async db =>
    {
        var id = await db.Users.Where(m => m.Pseudonym == pseudonym).Select(m => m.Id).SingleAsync();
        var conditionId = await db.Conditions.Where(c => c.Slug == condition).Select(c => c.Id).SingleAsync();
        db.Add(new PatientAtlas.Features.Accounts.Conditions.MemberRelation { MemberId = id, ConditionId = conditionId, Relation = relation, ShowOnProfile = shown, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    });
}
