using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Organisations;
using PatientAtlas.Tests.Features.Map;
using PatientAtlas.Tests.Features.Moderation;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Organisations;

public sealed class OrganisationPageTests
{
    [Fact]
    public async Task A_member_adds_edits_and_deletes_a_profile_shown_publicly_apart_from_members()
    {
        await using var app = await AtlasApp.StartAsync();
        var conditions = await MapCommunity.OtherConditionsAsync(app, 2);
        var secondName = await app.WithDbAsync(db => db.Conditions.Where(c => c.Slug == conditions[1]).Select(c => c.Name).SingleAsync());
        var (visitor, _, pseudonym) = await app.KeeperAsync();

        // Conditions by address or by name, one a line; the city found in the chosen country.
        var slug = await visitor.CreateAsync(app, Orgs.Fields("Grupo de Apoyo Ñandú", $"{conditions[0]}\n{secondName.ToUpperInvariant()}"));
        Assert.Equal("grupo-de-apoyo-nandu", slug);
        var stored = await Orgs.FindAsync(app, slug);
        Assert.Equal(("Madrid", "ES", OrganisationKind.Organisation, "https://www.example.org/about", false, 2),
            (stored!.CityName, stored.Country, stored.Kind, stored.Website, stored.Verified, stored.Conditions.Count));
        Assert.Contains(slug, (await visitor.GetAsync("/account/organisations")).Document.QuerySelector("#my-organisations")!.InnerHtml, StringComparison.Ordinal);

        using var reader = app.NewVisitor();
        var page = await reader.GetAsync("/organisations/" + slug);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var doc = page.Document;
        Assert.Equal("Grupo de Apoyo Ñandú", doc.QuerySelector("h1")!.TextContent);
        Assert.Contains("Organisation", doc.QuerySelector("#organisation-kind")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Madrid, Spain", doc.QuerySelector("#organisation-place")!.TextContent);
        var website = doc.QuerySelector("a#organisation-website")!;
        Assert.Equal(("https://www.example.org/about", "nofollow ugc noopener", "example.org"), (website.GetAttribute("href"), website.GetAttribute("rel"), website.TextContent));
        Assert.Equal("We meet every month.", doc.QuerySelector("#organisation-description")!.TextContent.Trim());
        var links = doc.QuerySelectorAll("#organisation-conditions a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/conditions/{conditions[0]}", links);
        Assert.Contains($"/conditions/{conditions[1]}/map", links);
        Assert.NotNull(doc.QuerySelector("#not-verified"));
        Assert.Null(doc.QuerySelector("#verified"));
        Assert.NotNull(doc.QuerySelector("#organisation-updated time"));
        Assert.DoesNotContain(pseudonym, doc.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("MedicalOrganization", doc.QuerySelector("script[type='application/ld+json']")!.TextContent, StringComparison.Ordinal);

        // Edited: the cached public page changes at once; the slug stays.
        var edit = await visitor.GetAsync($"/account/organisations/{slug}/edit");
        Assert.Equal("Madrid", ((AngleSharp.Html.Dom.IHtmlInputElement)edit.Document.QuerySelector("#Form_City")!).Value);
        var saved = await visitor.SubmitAsync(edit.Document, edit.Url, "form#organisation-form", new Dictionary<string, string>
        {
            ["Form.Description"] = "Now **weekly**.", ["Form.Kind"] = "Professional", ["Form.City"] = "", ["Form.Conditions"] = conditions[0],
        });
        Assert.Equal("/account/organisations", saved.Url.AbsolutePath);
        var again = (await reader.GetAsync("/organisations/" + slug)).Document;
        Assert.Equal("Now weekly.", again.QuerySelector("#organisation-description")!.TextContent.Trim());
        Assert.NotNull(again.QuerySelector("#organisation-description strong"));
        Assert.Equal("Spain", again.QuerySelector("#organisation-place")!.TextContent);
        Assert.Contains("Professional", again.QuerySelector("#organisation-kind")!.TextContent, StringComparison.Ordinal);
        Assert.Single(again.QuerySelectorAll("#organisation-conditions li"));
        Assert.Contains("Person", again.QuerySelector("script[type='application/ld+json']")!.TextContent, StringComparison.Ordinal);

        // Spanish.
        var spanish = (await reader.GetAsync("/es/organisations/" + slug)).Document;
        Assert.Equal("España", spanish.QuerySelector("#organisation-place")!.TextContent);
        Assert.Contains("Profesional", spanish.QuerySelector("#organisation-kind")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Sin verificar", spanish.QuerySelector("#not-verified")!.TextContent, StringComparison.Ordinal);

        // Deleted: gone from the public page at once.
        var deleted = await visitor.SubmitAsync($"/account/organisations/{slug}/edit", "form#delete-organisation");
        Assert.Equal("/account/organisations", deleted.Url.AbsolutePath);
        Assert.NotNull(deleted.Document.QuerySelector("#no-organisations"));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/organisations/" + slug)).Status);
        Assert.Null(await Orgs.FindAsync(app, slug));
    }

    [Fact]
    public async Task Only_the_keeper_edits_or_deletes_others_get_404()
    {
        await using var app = await AtlasApp.StartAsync();
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        var (owner, _, _) = await app.KeeperAsync();
        var slug = await owner.CreateAsync(app, Orgs.Fields("Kept by one", condition));
        var (other, _, _) = await app.KeeperAsync();
        var (admin, _, _) = await app.KeeperAsync(PatientAtlas.Features.Accounts.Roles.Admin);
        foreach (var someone in new[] { other, admin })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await someone.GetAsync($"/account/organisations/{slug}/edit")).Status);
            // Posting with their own valid antiforgery token changes nothing.
            var form = (AngleSharp.Html.Dom.IHtmlFormElement)(await someone.GetAsync("/account/organisations/new")).Document.QuerySelector("form#organisation-form")!;
            var values = Visitor.Values(form);
            values.RemoveAll(v => v.Key == "Form.Name" || v.Key == "Form.Conditions");
            values.AddRange([new("Form.Name", "Taken over"), new("Form.Conditions", condition), new("Form.Country", "ES")]);
            using var edit = await someone.Http.PostAsync($"/account/organisations/{slug}/edit", new FormUrlEncodedContent(values));
            Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
            using var delete = await someone.Http.PostAsync($"/account/organisations/{slug}/edit?handler=delete", new FormUrlEncodedContent(values));
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }
        Assert.Equal("Kept by one", (await Orgs.FindAsync(app, slug))!.Name);
        using var stranger = app.NewVisitor();
        Assert.Equal("/account/login", (await stranger.GetAsync($"/account/organisations/{slug}/edit")).Url.AbsolutePath);
    }

    [Theory]
    [InlineData("Form.Website", "javascript:alert(1)", "Form_Website")]
    [InlineData("Form.Website", "example.org", "Form_Website")]
    [InlineData("Form.Conditions", "no-such-condition-at-all", "Form_Conditions")]
    [InlineData("Form.Conditions", "", "Form_Conditions")]
    [InlineData("Form.City", "Atlantis Under The Sea", "Form_City")]
    [InlineData("Form.Name", "", "Form_Name")]
    [InlineData("Form.Name", "LONG", "Form_Name")]
    [InlineData("Form.Description", "LONGTEXT", "Form_Description")]
    [InlineData("Form.Country", "", "Form_Country")]
    [InlineData("Form.Kind", "Hospital", "Form_Kind")]
    public async Task Bad_input_is_a_field_error_and_nothing_is_stored(string field, string value, string id)
    {
        await using var app = await AtlasApp.StartAsync();
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        var (visitor, _, _) = await app.KeeperAsync();
        var fields = Orgs.Fields("A fine group", condition);
        fields[field] = value switch { "LONG" => new string('n', 201), "LONGTEXT" => new string('d', 2001), _ => value };
        var before = await app.WithDbAsync(db => db.Organisations.CountAsync());

        var refused = await visitor.SubmitNewAsync(fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(refused.Document.QuerySelector($"#{id}-error"));
        Assert.NotNull(refused.Document.QuerySelector(".form-errors"));
        Assert.Equal(before, await app.WithDbAsync(db => db.Organisations.CountAsync()));
    }

    [Fact]
    public async Task The_same_name_gets_a_numbered_slug_and_a_member_keeps_at_most_five()
    {
        await using var app = await AtlasApp.StartAsync();
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        var (first, _, _) = await app.KeeperAsync();
        var (second, _, _) = await app.KeeperAsync();
        Assert.Equal("same-name", await first.CreateAsync(app, Orgs.Fields("Same Name", condition)));
        var slug2 = await second.CreateAsync(app, Orgs.Fields("Same  name!", condition));
        Assert.Equal("same-name-2", slug2);
        for (var i = 0; i < 4; i++)
        {
            await first.CreateAsync(app, Orgs.Fields("Group " + i, condition));
        }
        var refused = await first.SubmitNewAsync(Orgs.Fields("One too many", condition));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(refused.Document.QuerySelector(".form-errors"));
        Assert.NotNull((await first.GetAsync("/account/organisations")).Document.QuerySelector("#organisation-limit"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Organisations.CountAsync(o => o.Name == "One too many")));
    }

    [Fact]
    public async Task Names_and_descriptions_are_escaped()
    {
        await using var app = await AtlasApp.StartAsync();
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        var (visitor, _, _) = await app.KeeperAsync();
        var slug = await visitor.CreateAsync(app, Orgs.Fields("<script>alert(1)</script> Group", condition,
            description: "<img src=x onerror=alert(1)> [click](javascript:alert(2)) <script>alert(3)</script>"));
        // A link the allow-list does not know holds the profile for a moderator; once approved it is shown, escaped.
        var id = await app.WithDbAsync(db => db.Organisations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());
        Assert.False((await Orgs.FindAsync(app, slug))!.Published);
        using (var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole))
        {
            await moderator.Visitor.DecideAsync("organisation", id, "approve");
        }
        Assert.True((await Orgs.FindAsync(app, slug))!.Published);
        foreach (var path in new[] { "/organisations/" + slug, "/organisations", $"/conditions/{condition}/map", "/account/organisations" })
        {
            using var response = await visitor.Http.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
            Assert.DoesNotContain("href=\"javascript:", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Group", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_map_links_each_organisation_and_the_directory_filters_by_condition_and_kind()
    {
        await using var app = await AtlasApp.StartAsync();
        var conditions = await MapCommunity.OtherConditionsAsync(app, 2);
        var (visitor, _, _) = await app.KeeperAsync();
        var group = await visitor.CreateAsync(app, Orgs.Fields("Alpha group", conditions[0]));
        var doctor = await visitor.CreateAsync(app, Orgs.Fields("Dr Beta", conditions[1], kind: "Professional", city: "", country: "FR"));

        var map = await visitor.GetAsync($"/conditions/{conditions[0]}/map");
        Assert.Equal($"/organisations/{group}", map.Document.QuerySelector("#organisations a")!.GetAttribute("href"));
        var demoMap = await visitor.GetAsync("/es/conditions/hemifacial-spasm/map");
        Assert.Contains("/es/organisations/asociacion-espasmo-hemifacial-demo", demoMap.Document.QuerySelectorAll("#organisations a").Select(a => a.GetAttribute("href")));

        static List<string> Slugs(PageResult page) => [.. page.Document.QuerySelectorAll("#organisation-list li").Select(li => li.GetAttribute("data-slug")!)];
        var all = await visitor.GetAsync("/organisations");
        Assert.Contains(group, Slugs(all));
        Assert.Contains(doctor, Slugs(all));
        // Verified first: the demo association leads.
        Assert.Equal("asociacion-espasmo-hemifacial-demo", Slugs(all)[0]);
        Assert.Equal([group], Slugs(await visitor.GetAsync($"/organisations?condition={conditions[0]}")));
        var professionals = Slugs(await visitor.GetAsync("/organisations?kind=Professional"));
        Assert.Contains(doctor, professionals);
        Assert.DoesNotContain(group, professionals);
        Assert.Empty(Slugs(await visitor.GetAsync($"/organisations?condition={conditions[1]}&kind=organisation")));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/organisations?condition=no-such-condition")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/organisations?kind=hospital")).Status);
        Assert.Contains("Organizaciones", (await visitor.GetAsync("/es/organisations")).Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }
}
