using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Organisations;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Features.Map;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Organisations;

public sealed class OrganisationAdminAndApiTests
{
    private static readonly string[] Unknown = ["no-such-condition"];

    [Fact]
    public async Task Only_an_admin_verifies_in_the_audit_trail_and_a_new_name_or_website_clears_it()
    {
        await using var app = await AtlasApp.StartAsync();
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        var (keeper, _, _) = await app.KeeperAsync();
        var slug = await keeper.CreateAsync(app, Orgs.Fields("Checked Clinic", condition));
        var (moderator, _, _) = await app.KeeperAsync(Roles.Moderator);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync("/admin/organisations")).Status);

        var (admin, _, adminName) = await app.KeeperAsync(Roles.Admin);
        var list = await admin.GetAsync("/admin/organisations?unverified=true");
        Assert.NotNull(list.Document.QuerySelector($"tr[data-slug='{slug}']"));
        var verified = await admin.SubmitAsync(list.Document, list.Url, $"tr[data-slug='{slug}'] form.verify-form");
        Assert.NotNull(verified.Document.QuerySelector("#done"));
        Assert.Null(verified.Document.QuerySelector($"tr[data-slug='{slug}']"));
        Assert.True((await Orgs.FindAsync(app, slug))!.Verified);
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "organisation.verified"));
        Assert.Equal((adminName, "organisation:" + slug), (audit.Actor, audit.Subject));

        // The cached public page shows the badge at once, with what it means.
        var page = (await app.NewVisitor().GetAsync("/organisations/" + slug)).Document;
        Assert.NotNull(page.QuerySelector("#verified .badge"));
        Assert.Contains("checked", page.QuerySelector("#verified-meaning")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await keeper.GetAsync($"/account/organisations/{slug}/edit")).Document.QuerySelector("#verified-edit-note"));

        // A new description keeps the badge; a new website takes it away.
        await keeper.SubmitAsync($"/account/organisations/{slug}/edit", "form#organisation-form", new Dictionary<string, string> { ["Form.Description"] = "Open on Mondays." });
        Assert.True((await Orgs.FindAsync(app, slug))!.Verified);
        await keeper.SubmitAsync($"/account/organisations/{slug}/edit", "form#organisation-form", new Dictionary<string, string> { ["Form.Website"] = "https://elsewhere.example/" });
        Assert.False((await Orgs.FindAsync(app, slug))!.Verified);
        Assert.Null((await app.NewVisitor().GetAsync("/organisations/" + slug)).Document.QuerySelector("#verified"));

        // Removed by an admin (spam): gone, audited.
        var all = await admin.GetAsync("/admin/organisations");
        await admin.SubmitAsync(all.Document, all.Url, $"tr[data-slug='{slug}'] form.remove-form");
        Assert.Null(await Orgs.FindAsync(app, slug));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "organisation.removed" && a.Subject == "organisation:" + slug)));
    }

    [Fact]
    public async Task The_api_says_what_the_pages_say_and_writes_as_they_do()
    {
        await using var app = await AtlasApp.StartAsync();
        var conditions = await MapCommunity.OtherConditionsAsync(app, 2);
        var (visitor, _, pseudonym) = await app.KeeperAsync();
        var token = await TokenTests.MakeTokenAsync(visitor, scope: "Write");

        // Field errors by the body's field names, nothing stored.
        using var bad = await ApiCalls.SendAsync(app, HttpMethod.Post, "/api/v1/organisations", token, JsonContent.Create(new
        {
            name = "", kind = "clinic", website = "javascript:alert(1)", country = "ES", city = "Atlantis Under The Sea", conditions = Unknown,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["city", "conditions", "kind", "name", "website"], errors);

        var lyon = PatientAtlas.Features.Places.Gazetteer.Instance.Search("lyon", 1, "FR")[0];
        using var created = await ApiCalls.SendAsync(app, HttpMethod.Post, "/api/v1/organisations", token, JsonContent.Create(new
        {
            name = "Api Group", kind = "organisation", website = "https://api.example/", cityId = lyon.Id, country = "FR", conditions = conditions, description = "Hello.",
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = await created.Content.ReadFromJsonAsync<OrganisationsApi.OrganisationDto>();
        Assert.Equal(("api-group", "Lyon", "FR", "France", 2, false), (dto!.Slug, dto.City, dto.Country, dto.CountryName, dto.Conditions.Count, dto.Verified));
        Assert.Equal("/api/v1/organisations/api-group", created.Headers.Location!.OriginalString);

        // The same as the page, for anyone.
        var read = await app.Client.GetFromJsonAsync<OrganisationsApi.OrganisationDto>("/api/v1/organisations/api-group");
        var page = (await app.NewVisitor().GetAsync("/organisations/api-group")).Document;
        Assert.Equal(page.QuerySelector("h1")!.TextContent, read!.Name);
        Assert.Equal(page.QuerySelector("#organisation-place")!.TextContent, $"{read.City}, {read.CountryName}");
        Assert.Equal(page.QuerySelectorAll("#organisation-conditions li").Length, read.Conditions.Count);
        Assert.DoesNotContain(pseudonym, JsonSerializer.Serialize(read), StringComparison.Ordinal);

        // The directory's numbers, filtered the same way.
        foreach (var query in new[] { "", $"?condition={conditions[0]}", "?kind=professional", $"?condition={conditions[1]}&kind=organisation" })
        {
            var listed = await app.Client.GetFromJsonAsync<OrganisationsApi.ListAnswer>("/api/v1/organisations" + query);
            var directory = (await app.NewVisitor().GetAsync("/organisations" + query)).Document;
            Assert.Equal(directory.QuerySelectorAll("#organisation-list li").Select(li => li.GetAttribute("data-slug")), listed!.Organisations.Select(o => o.Slug));
            Assert.Contains(listed.Total.ToString(System.Globalization.CultureInfo.InvariantCulture), directory.QuerySelector("#directory-count")!.TextContent, StringComparison.Ordinal);
        }
        using (var unknown = await app.Client.GetAsync("/api/v1/organisations?condition=no-such-condition"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // Edit and delete: the keeper's token only.
        var (other, _, _) = await app.KeeperAsync();
        var otherToken = await TokenTests.MakeTokenAsync(other, scope: "Write");
        var body = new { name = "Api Group", kind = "professional", country = "FR", conditions = new[] { conditions[0] } };
        using (var foreign = await ApiCalls.SendAsync(app, HttpMethod.Put, "/api/v1/organisations/api-group", otherToken, JsonContent.Create(body)))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }
        using (var foreignDelete = await ApiCalls.SendAsync(app, HttpMethod.Delete, "/api/v1/organisations/api-group", otherToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreignDelete.StatusCode);
        }
        using (var put = await ApiCalls.SendAsync(app, HttpMethod.Put, "/api/v1/organisations/api-group", token, JsonContent.Create(body)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var edited = await put.Content.ReadFromJsonAsync<OrganisationsApi.OrganisationDto>();
            Assert.Equal(("professional", null, null, 1), (edited!.Kind, edited.City, edited.Website, edited.Conditions.Count));
        }
        Assert.Contains("Professional", (await app.NewVisitor().GetAsync("/organisations/api-group")).Document.QuerySelector("#organisation-kind")!.TextContent, StringComparison.Ordinal);
        using (var deleted = await ApiCalls.SendAsync(app, HttpMethod.Delete, "/api/v1/organisations/api-group", token))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        using var gone = await app.Client.GetAsync("/api/v1/organisations/api-group");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task My_data_holds_my_organisations_and_deleting_the_account_deletes_them()
    {
        await using var app = await AtlasApp.StartAsync();
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        var (visitor, _, _) = await app.KeeperAsync();
        var slug = await visitor.CreateAsync(app, Orgs.Fields("Data Group", condition));
        // Verified or not, it goes with the account.
        await app.WithDbAsync(db => db.Organisations.Where(o => o.Slug == slug).ExecuteUpdateAsync(o => o.SetProperty(x => x.Verified, true)));

        var data = await visitor.GetAsync("/account/data");
        using var download = await visitor.Http.GetAsync(data.Document.QuerySelector("a#download")!.GetAttribute("href")!);
        var json = await download.Content.ReadFromJsonAsync<JsonElement>();
        var mine = json.GetProperty("organisations").EnumerateArray().Single();
        Assert.Equal((slug, "Data Group", "Madrid", condition), (mine.GetProperty("slug").GetString(), mine.GetProperty("name").GetString(),
            mine.GetProperty("city").GetString(), mine.GetProperty("conditions")[0].GetString()));

        Assert.Equal(HttpStatusCode.OK, (await app.NewVisitor().GetAsync("/organisations/" + slug)).Status);
        var deleted = await visitor.SubmitAsync("/account/data", "form#delete-account", new Dictionary<string, string>
        {
            ["Choice"] = "anonymize", ["Password"] = Members.Password,
        });
        Assert.Equal("/account/deleted", deleted.Url.AbsolutePath);
        Assert.Null(await Orgs.FindAsync(app, slug));
        // The cached profile goes within the change notes' sync on this node too.
        var status = await app.ReadAfterSyncAsync(async () => (await app.NewVisitor().GetAsync("/organisations/" + slug)).Status, s => s == HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task A_suspended_member_adds_nothing_on_the_page_or_the_api()
    {
        await using var app = await AtlasApp.StartAsync();
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        var (visitor, email, _) = await app.KeeperAsync();
        var token = await TokenTests.MakeTokenAsync(visitor, scope: "Write");
        var form = await visitor.GetAsync("/account/organisations/new");
        var id = await app.MemberIdAsync(email);
        await app.WithDbAsync(db => db.Users.Where(m => m.Id == id).ExecuteUpdateAsync(m => m.SetProperty(x => x.SuspendedUntil, DateTime.UtcNow.AddDays(3))));

        var refused = await visitor.SubmitAsync(form.Document, form.Url, "form#organisation-form", Orgs.Fields("Suspended Group", condition));
        Assert.Equal("/account/suspended", refused.Url.AbsolutePath);
        using var api = await ApiCalls.SendAsync(app, HttpMethod.Post, "/api/v1/organisations", token, JsonContent.Create(new
        {
            name = "Suspended Group", kind = "organisation", country = "ES", conditions = new[] { condition },
        }));
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Organisations.CountAsync(o => o.OwnerId == id)));
    }
}
