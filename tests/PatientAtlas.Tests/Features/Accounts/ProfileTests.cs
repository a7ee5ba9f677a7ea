using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

public sealed class ProfileTests
{
    [Fact]
    public async Task A_profile_shows_the_pseudonym_the_month_joined_the_shown_relations_and_published_experiences_and_nothing_else()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, pseudonym) = await app.MemberAsync();
        using var _v = visitor;
        await visitor.ConsentAsync();
        await visitor.AddRelationAsync("hemifacial spasm", "hemifacial-spasm", "Affected", show: true);
        await visitor.AddRelationAsync("lyme", "lyme-disease", "Caregiver");
        var id = await app.MemberIdAsync(email);
        await app.ExperienceByAsync(id, pseudonym, "Published words.");
        await app.ExperienceByAsync(id, pseudonym, "Still held by moderation.", ExperienceStatus.Pending);

        var path = "/members/" + pseudonym.ToLowerInvariant();
        using var response = await app.Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(email, html, StringComparison.OrdinalIgnoreCase);
        var page = await app.GetDocumentAsync(path);
        Assert.Equal(pseudonym, page.QuerySelector("h1#pseudonym")!.TextContent);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector(".member-since time")!.GetAttribute("datetime"));
        var shown = page.QuerySelectorAll("#shown-relations li");
        Assert.Equal(["hemifacial-spasm"], shown.Select(li => li.GetAttribute("data-condition")));
        Assert.Contains("lives with it", shown[0].TextContent, StringComparison.Ordinal);
        var experiences = page.QuerySelectorAll("#shared-experiences li");
        Assert.Single(experiences);
        Assert.Equal("/conditions/hemifacial-spasm/sleep", experiences[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("noindex", page.QuerySelector("meta[name=robots]")?.GetAttribute("content")?.Split(',')[0].Trim());

        // Hidden again: gone from the profile at once (not cached).
        var conditions = await visitor.GetAsync("/account/conditions");
        var form = conditions.Document.QuerySelector("li[data-condition=hemifacial-spasm] form.relation-change")!;
        form.QuerySelector("input[name=Show]")!.RemoveAttribute("checked");
        await visitor.SubmitAsync(conditions.Document, conditions.Url, "#" + form.Id);
        Assert.Empty((await app.GetDocumentAsync(path)).QuerySelectorAll("#shown-relations li"));
    }

    [Fact]
    public async Task A_profile_is_found_without_regard_to_case_or_accents_and_an_unknown_one_is_404()
    {
        await using var app = await AtlasApp.StartAsync();
        var pseudonym = "José_" + Guid.NewGuid().ToString("N")[..6];
        using var member = await app.SignedUpAsync(pseudonym: pseudonym);

        using var folded = await app.Client.GetAsync("/members/jose_" + pseudonym[5..]);
        Assert.Equal(HttpStatusCode.MovedPermanently, folded.StatusCode);
        Assert.Equal("/members/" + Uri.EscapeDataString(pseudonym.ToLowerInvariant()), folded.Headers.Location!.OriginalString);
        var page = await app.GetDocumentAsync(folded.Headers.Location.OriginalString);
        Assert.Equal(pseudonym, page.QuerySelector("h1")!.TextContent);
        Assert.Equal(pseudonym, (await app.GetDocumentAsync("/es/members/" + Uri.EscapeDataString(pseudonym.ToLowerInvariant()))).QuerySelector("h1")!.TextContent);

        await app.GetDocumentAsync("/members/nobody-by-this-name", 404);
        await app.GetDocumentAsync("/members/" + new string('x', 200), 404);
    }
}

public sealed class DemoRelationsTests
{
    [Fact]
    public async Task Demo_members_have_consent_and_relations_some_shown_and_remove_demo_takes_them_away()
    {
        await using var app = await AtlasApp.StartAsync();
        var profile = await app.GetDocumentAsync("/members/marta_demo");
        var shown = profile.QuerySelectorAll("#shown-relations li").Select(li => li.GetAttribute("data-condition")).ToList();
        Assert.Contains("hemifacial-spasm", shown);
        Assert.Equal(2, shown.Count);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(m => m.IsDemo).AllAsync(m =>
            db.Set<PatientAtlas.Features.Accounts.Consent.MemberConsent>().Any(c => c.MemberId == m.Id && c.Version == PatientAtlas.Features.Accounts.Consent.ConsentText.Version))));
        // The demo accounts' own relations (the map's demo community has its own, removed with them).
        var demoEmails = PatientAtlas.Features.Accounts.DemoMembers.Accounts.Select(a => a.Email).ToList();
        Assert.Equal(PatientAtlas.Features.Accounts.DemoMembers.Relations.Length,
            await app.WithDbAsync(db => db.Set<PatientAtlas.Features.Accounts.Conditions.MemberRelation>().CountAsync(r => db.Users.Any(m => m.Id == r.MemberId && demoEmails.Contains(m.Email!)))));

        var removed = await app.RunVerbAsync("remove-demo");
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<PatientAtlas.Features.Accounts.Conditions.MemberRelation>().CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<PatientAtlas.Features.Accounts.Consent.MemberConsent>().CountAsync()));
        await app.GetDocumentAsync("/members/marta_demo", 404);
    }
}
