using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

public sealed class RelationsTests
{
    [Fact]
    public async Task A_member_finds_a_condition_without_javascript_and_adds_it_privately()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, _) = await app.MemberAsync();
        using var _v = visitor;
        await visitor.ConsentAsync();

        var found = await visitor.GetAsync("/account/conditions?q=hemifacial");
        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.NotNull(found.Document.QuerySelector("form#find-condition[method=get] input#q[data-suggest][data-suggest-pick]"));
        Assert.NotNull(found.Document.QuerySelector("form#add-relation input[name=Condition][value=hemifacial-spasm]"));
        Assert.Null(found.Document.QuerySelector("form#add-relation select#Relation option[selected]:not([value=''])"));

        var added = await visitor.SubmitAsync(found.Document, found.Url, "form#add-relation", new Dictionary<string, string>
        {
            ["Condition"] = "hemifacial-spasm",
            ["Relation"] = "Affected",
        });
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal("/account/conditions?done=added", added.Url.PathAndQuery);
        var row = added.Document.QuerySelector("#relations li[data-condition=hemifacial-spasm]")!;
        Assert.Equal("Affected", row.QuerySelector("select option[selected]")!.GetAttribute("value"));
        Assert.False(row.QuerySelector("input[name=Show]")!.HasAttribute("checked"));

        var id = await app.MemberIdAsync(email);
        var stored = await app.WithDbAsync(db => db.Set<MemberRelation>().SingleAsync(r => r.MemberId == id));
        Assert.Equal(Relation.Affected, stored.Relation);
        Assert.False(stored.ShowOnProfile);

        var token = await TokenTests.MakeTokenAsync(visitor);
        using var api = await ApiCalls.GetAsync(app, "/api/v1/me/relations", token);
        using var json = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        Assert.Equal("hemifacial-spasm", json.RootElement[0].GetProperty("condition").GetString());
        Assert.Equal("Affected", json.RootElement[0].GetProperty("relation").GetString());
        // GET /api/v1/me answers the pseudonym and the relations too.
        using var me = await ApiCalls.GetAsync(app, "/api/v1/me", token);
        using var self = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
        Assert.Equal("hemifacial-spasm", self.RootElement.GetProperty("relations")[0].GetProperty("condition").GetString());
    }

    [Fact]
    public async Task The_page_uses_the_search_boxs_suggestions_and_a_picked_suggestion_is_preselected()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, _, _) = await app.MemberAsync();
        using var _v = visitor;
        await visitor.ConsentAsync();

        using var suggest = await app.Client.GetAsync("/api/v1/search/suggest?q=hemifacial");
        using var json = JsonDocument.Parse(await suggest.Content.ReadAsStringAsync());
        var item = json.RootElement.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "condition");
        var label = item.GetProperty("label").GetString()!;
        var slug = item.GetProperty("url").GetString()!.Split('/')[^1];
        Assert.Equal("hemifacial-spasm", slug);

        // What site.js does when a suggestion is picked: the box gets its label, the form its slug, and the form is sent.
        var picked = await visitor.GetAsync("/account/conditions?pick=" + slug + "&q=" + Uri.EscapeDataString(label));
        Assert.True(picked.Document.QuerySelector("form#add-relation input[name=Condition][value=hemifacial-spasm]")!.HasAttribute("checked"));
        var spanish = await visitor.GetAsync("/es/account/conditions?q=hemifacial");
        Assert.Equal(HttpStatusCode.OK, spanish.Status);
        Assert.Contains("vive con ella", spanish.Document.QuerySelector("form#add-relation select#Relation")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hemifacial-spasm", "Overlord", "Relation")]
    [InlineData("hemifacial-spasm", "7", "Relation")]
    [InlineData("hemifacial-spasm", "Affected,Caregiver", "Relation")]
    [InlineData("hemifacial-spasm", "", "Relation")]
    [InlineData("no-such-condition", "Affected", "Condition")]
    [InlineData("", "Affected", "Condition")]
    public async Task Bad_input_is_a_field_error_and_nothing_is_stored(string condition, string relation, string field)
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, _, _) = await app.MemberAsync();
        using var _v = visitor;
        await visitor.ConsentAsync();

        var overlong = condition.Length == 0 ? new string('x', 300) : condition;
        var page = await visitor.AddRelationAsync("hemifacial spasm", condition, relation);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("true", page.Document.QuerySelector($"#{field}")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.Document.QuerySelector($"#{field}-error"));
        var overlongPage = await visitor.AddRelationAsync("hemifacial spasm", overlong, relation);
        Assert.Equal(HttpStatusCode.OK, overlongPage.Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<MemberRelation>().CountAsync(r => db.Users.Any(m => m.Id == r.MemberId && !m.IsDemo))));
    }

    [Fact]
    public async Task An_overlong_search_is_a_field_error_and_a_forged_or_missing_token_is_refused()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, _, _) = await app.MemberAsync();
        using var _v = visitor;
        await visitor.ConsentAsync();

        var page = await visitor.GetAsync("/account/conditions?q=" + new string('a', 201));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("#q-error"));
        Assert.Null(page.Document.QuerySelector("form#add-relation"));

        var fields = new Dictionary<string, string> { ["Condition"] = "hemifacial-spasm", ["Relation"] = "Affected" };
        Assert.Equal(HttpStatusCode.BadRequest, await visitor.PostForgedAsync("/account/conditions?handler=add", fields, withToken: false));
        Assert.Equal(HttpStatusCode.BadRequest, await visitor.PostForgedAsync("/account/conditions?handler=add", fields, withToken: true));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<MemberRelation>().CountAsync(r => db.Users.Any(m => m.Id == r.MemberId && !m.IsDemo))));
    }

    [Fact]
    public async Task Without_consent_nothing_can_be_added_even_by_a_direct_post()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, _, _) = await app.MemberAsync();
        using var _v = visitor;
        // A form read while consented, posted after the consent was withdrawn.
        await visitor.ConsentAsync();
        var found = await visitor.GetAsync("/account/conditions?q=hemifacial");
        await visitor.SubmitAsync("/account/consent", "form#withdraw-consent", new Dictionary<string, string> { ["Choice"] = "anonymize" });

        var page = await visitor.SubmitAsync(found.Document, found.Url, "form#add-relation", new Dictionary<string, string> { ["Condition"] = "hemifacial-spasm", ["Relation"] = "Affected" });
        Assert.Equal("/account/consent", page.Url.AbsolutePath);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<MemberRelation>().CountAsync(r => db.Users.Any(m => m.Id == r.MemberId && !m.IsDemo))));
    }

    [Fact]
    public async Task A_member_changes_shows_and_removes_a_relation_but_never_another_members()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, _) = await app.MemberAsync();
        using var _v = visitor;
        await visitor.ConsentAsync();
        await visitor.AddRelationAsync("hemifacial spasm", "hemifacial-spasm", "Affected");
        await visitor.AddRelationAsync("lyme", "lyme-disease", "Researcher");
        var duplicate = await visitor.AddRelationAsync("hemifacial spasm", "hemifacial-spasm", "Caregiver");
        Assert.NotNull(duplicate.Document.QuerySelector("#Condition-error"));
        var id = await app.MemberIdAsync(email);
        var relationId = await app.WithDbAsync(db => db.Set<MemberRelation>().Where(r => r.MemberId == id && r.Relation == Relation.Affected).Select(r => r.Id).SingleAsync());

        var changed = await visitor.SubmitAsync("/account/conditions", $"form#change-{relationId}", new Dictionary<string, string> { ["Relation"] = "Caregiver", ["Show"] = "true" });
        Assert.Equal("?done=changed", changed.Url.Query);
        var row = await app.WithDbAsync(db => db.Set<MemberRelation>().SingleAsync(r => r.Id == relationId));
        Assert.Equal((Relation.Caregiver, true), (row.Relation, row.ShowOnProfile));

        var refused = await visitor.SubmitAsync("/account/conditions", $"form#change-{relationId}", new Dictionary<string, string> { ["Relation"] = "Overlord" });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.NotNull(refused.Document.QuerySelector(".form-errors"));
        Assert.Equal(Relation.Caregiver, (await app.WithDbAsync(db => db.Set<MemberRelation>().SingleAsync(r => r.Id == relationId))).Relation);

        // Another member cannot change or remove it: their page has no such form, and a post naming it is 404.
        var (other, _, _) = await app.MemberAsync();
        using var _o = other;
        await other.ConsentAsync();
        await other.AddRelationAsync("lyme", "lyme-disease", "Affected");
        var page = await other.GetAsync("/account/conditions");
        var form = page.Document.QuerySelector("form.relation-remove")!;
        form.QuerySelector("input[name=Id]")!.SetAttribute("value", relationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.NotFound, (await other.SubmitAsync(page.Document, page.Url, "form.relation-remove")).Status);
        var change = page.Document.QuerySelector("form.relation-change")!;
        change.QuerySelector("input[name=Id]")!.SetAttribute("value", relationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.NotFound, (await other.SubmitAsync(page.Document, page.Url, "form.relation-change")).Status);
        Assert.True(await app.WithDbAsync(db => db.Set<MemberRelation>().AnyAsync(r => r.Id == relationId && r.Relation == Relation.Caregiver)));

        var removed = await visitor.SubmitAsync("/account/conditions", $"form#remove-{relationId}");
        Assert.Equal("?done=removed", removed.Url.Query);
        Assert.Null(removed.Document.QuerySelector("#relations li[data-condition=hemifacial-spasm]"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<MemberRelation>().CountAsync(r => r.MemberId == id)));
    }
}
