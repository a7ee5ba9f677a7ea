using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Accounts.Data;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>What the consent, relations, profile and my-data tests do as a member does it: through the pages.</summary>
public static class MemberSteps
{
    public static async Task<PageResult> ConsentAsync(this Visitor visitor)
    {
        var page = await visitor.SubmitAsync("/account/consent", "form#give-consent", new Dictionary<string, string> { ["Agree"] = "true" });
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }

    /// <summary>Searches the catalog on /account/conditions (no JavaScript) and adds the condition <paramref name="slug"/>.</summary>
    public static async Task<PageResult> AddRelationAsync(this Visitor visitor, string query, string slug, string relation, bool show = false)
    {
        var found = await visitor.GetAsync("/account/conditions?q=" + Uri.EscapeDataString(query));
        Assert.Equal(HttpStatusCode.OK, found.Status);
        var fields = new Dictionary<string, string> { ["Condition"] = slug, ["Relation"] = relation };
        if (show)
        {
            fields["Show"] = "true";
        }
        return await visitor.SubmitAsync(found.Document, found.Url, "form#add-relation", fields);
    }

    public static Task<int> MemberIdAsync(this AtlasApp app, string email) =>
        app.WithDbAsync(db => db.Users.Where(m => m.Email == email).Select(m => m.Id).SingleAsync());

    /// <summary>A published experience written by the member (as the share feature will write it), through the write path.</summary>
    public static async Task<long> ExperienceByAsync(this AtlasApp app, int memberId, string pseudonym, string text, ExperienceStatus status = ExperienceStatus.Published)
    {
        var (conditionId, questionId) = await Community.QuestionAsync(app, "hemifacial-spasm", "sleep");
        var experience = new Experience
        {
            QuestionId = questionId, ConditionId = conditionId, AuthorPseudonym = pseudonym, MemberId = memberId, Relation = Relation.Affected,
            Text = text, Language = "en", Status = status, CreatedAt = DateTime.UtcNow,
            Tried = [new TriedEntry { Intervention = "Warm compress", InterventionKey = "warm compress", Outcome = Outcome.Helped }],
        };
        await app.WriteAsync(db => db.Experiences.Add(experience));
        return experience.Id;
    }

    /// <summary>Posts a form's fields with a token that was never issued (the cookie's partner is missing).</summary>
    public static async Task<HttpStatusCode> PostForgedAsync(this Visitor visitor, string path, IReadOnlyDictionary<string, string> fields, bool withToken)
    {
        var values = fields.ToList();
        if (withToken)
        {
            values.Add(new(Visitor.AntiforgeryField, "CfDJ8forged-token-" + Guid.NewGuid().ToString("N")));
        }
        using var content = new FormUrlEncodedContent(values);
        using var response = await visitor.Http.PostAsync(path, content);
        return response.StatusCode;
    }
}

public sealed class ConsentTests
{
    [Fact]
    public async Task A_member_without_consent_is_sent_to_the_consent_page_and_comes_back_after_consenting()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, _) = await app.MemberAsync();
        using var _v = visitor;

        var asked = await visitor.GetAsync("/account/conditions");
        Assert.Equal("/account/consent", asked.Url.AbsolutePath);
        Assert.Equal("?returnUrl=%2Faccount%2Fconditions", asked.Url.Query);
        var text = asked.Document.QuerySelector("#consent-text")!.TextContent;
        Assert.Contains(ConsentText.Version, text, StringComparison.Ordinal);
        var box = asked.Document.QuerySelector("input#Agree")!;
        Assert.False(box.HasAttribute("checked"));

        var back = await visitor.SubmitAsync(asked.Document, asked.Url, "form#give-consent", new Dictionary<string, string> { ["Agree"] = "true" });
        Assert.Equal(HttpStatusCode.OK, back.Status);
        Assert.Equal("/account/conditions", back.Url.AbsolutePath);

        var id = await app.MemberIdAsync(email);
        var consent = await app.WithDbAsync(db => db.Set<MemberConsent>().SingleAsync(c => c.MemberId == id));
        Assert.Equal(ConsentText.Version, consent.Version);
        Assert.Null(consent.WithdrawnAt);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "consent.given" && a.SubjectId == id)));
        var page = await visitor.GetAsync("/account/consent");
        Assert.NotNull(page.Document.QuerySelector("#consent-state"));
        Assert.Null(page.Document.QuerySelector("form#give-consent"));
    }

    [Fact]
    public async Task Consent_not_ticked_is_a_field_error_and_nothing_is_stored()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, _, _) = await app.MemberAsync();
        using var _v = visitor;

        var page = await visitor.SubmitAsync("/es/account/consent", "form#give-consent");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/es/account/consent", page.Url.AbsolutePath);
        Assert.Equal("true", page.Document.QuerySelector("#Agree")!.GetAttribute("aria-invalid"));
        Assert.Contains("Marca la casilla", page.Document.QuerySelector("#Agree-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<MemberConsent>().CountAsync(c => db.Users.Any(m => m.Id == c.MemberId && !m.IsDemo))));
    }

    [Fact]
    public async Task A_consent_post_without_a_valid_antiforgery_token_is_refused_and_nothing_is_stored()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, _, _) = await app.MemberAsync();
        using var _v = visitor;
        await visitor.GetAsync("/account/consent");

        Assert.Equal(HttpStatusCode.BadRequest, await visitor.PostForgedAsync("/account/consent", new Dictionary<string, string> { ["Agree"] = "true" }, withToken: false));
        Assert.Equal(HttpStatusCode.BadRequest, await visitor.PostForgedAsync("/account/consent", new Dictionary<string, string> { ["Agree"] = "true" }, withToken: true));
        Assert.Equal(HttpStatusCode.BadRequest, await visitor.PostForgedAsync("/account/consent?handler=withdraw", new Dictionary<string, string> { ["Choice"] = "delete" }, withToken: false));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<MemberConsent>().CountAsync(c => db.Users.Any(m => m.Id == c.MemberId && !m.IsDemo))));
    }

    [Fact]
    public async Task Consent_to_an_older_text_counts_as_none_and_the_member_is_asked_again()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, _) = await app.MemberAsync();
        using var _v = visitor;
        var id = await app.MemberIdAsync(email);
        await app.WithDbAsync(async db =>
        {
            db.Add(new MemberConsent { MemberId = id, Version = "2025-01", GivenAt = DateTime.UtcNow.AddYears(-1) });
            await db.SaveChangesAsync();
        });

        var asked = await visitor.GetAsync("/account/conditions");
        Assert.Equal("/account/consent", asked.Url.AbsolutePath);
        Assert.Contains("2025-01", asked.Document.QuerySelector("#consent-outdated")!.TextContent, StringComparison.Ordinal);
        await visitor.ConsentAsync();
        Assert.Equal("/account/conditions", (await visitor.GetAsync("/account/conditions")).Url.AbsolutePath);
        var versions = await app.WithDbAsync(db => db.Set<MemberConsent>().Where(c => c.MemberId == id).OrderBy(c => c.Id).Select(c => c.Version).ToListAsync());
        Assert.Equal(["2025-01", ConsentText.Version], versions);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_the_api_answers_403_problem_json_without_consent()
    {
        await using var app = await AtlasApp.StartAsync();
        using var anonymous = app.NewVisitor();
        var login = await anonymous.GetAsync("/account/conditions");
        Assert.Equal("/account/login", login.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/v1/me/relations")).StatusCode);

        var (visitor, _, _) = await app.MemberAsync();
        using var _v = visitor;
        // The API takes the member's personal token, never their cookie.
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.Http.GetAsync("/api/v1/me/relations")).StatusCode);
        var token = await TokenTests.MakeTokenAsync(visitor);
        using (var refused = await ApiCalls.GetAsync(app, "/api/v1/me/relations", token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Consent required", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await visitor.ConsentAsync();
        using var allowed = await ApiCalls.GetAsync(app, "/api/v1/me/relations", token);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("[]", await allowed.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("anonymize")]
    [InlineData("delete")]
    public async Task Withdrawing_removes_every_relation_and_deals_with_shared_content_as_chosen(string choice)
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, pseudonym) = await app.MemberAsync();
        using var _v = visitor;
        var id = await app.MemberIdAsync(email);
        await visitor.ConsentAsync();
        await visitor.AddRelationAsync("hemifacial spasm", "hemifacial-spasm", "Affected", show: true);
        var experience = await app.ExperienceByAsync(id, pseudonym, "Sleeping on my back helped me a little.");

        var done = await visitor.SubmitAsync("/account/consent", "form#withdraw-consent", new Dictionary<string, string> { ["Choice"] = choice });
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Equal("?done=withdrawn", done.Url.Query);
        Assert.NotNull(done.Document.QuerySelector("form#give-consent"));

        Assert.Equal(0, await app.WithDbAsync(db => db.Set<MemberRelation>().CountAsync(r => r.MemberId == id)));
        Assert.All(await app.WithDbAsync(db => db.Set<MemberConsent>().Where(c => c.MemberId == id).ToListAsync()), c => Assert.NotNull(c.WithdrawnAt));
        var left = await app.WithDbAsync(db => db.Experiences.AsNoTracking().SingleOrDefaultAsync(e => e.Id == experience));
        if (choice == "delete")
        {
            Assert.Null(left);
        }
        else
        {
            Assert.NotNull(left);
            Assert.Null(left.MemberId);
            Assert.Equal(MemberContent.FormerMember, left.AuthorPseudonym);
            // The page names the author in the reader's language, and no longer by their pseudonym.
            var spanish = await app.GetDocumentAsync("/es/conditions/hemifacial-spasm/sleep");
            var author = spanish.QuerySelectorAll("article.experience .pseudonym").Select(p => p.TextContent).ToList();
            Assert.Contains("un antiguo miembro", author);
            Assert.DoesNotContain(pseudonym, author);
        }
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "consent.withdrawn"));
        Assert.Equal(id, audit.SubjectId);
        Assert.Contains(choice == "delete" ? "content deleted" : "content anonymized", audit.Detail, StringComparison.Ordinal);
        Assert.Equal("/account/consent", (await visitor.GetAsync("/account/conditions")).Url.AbsolutePath);
        Assert.Empty((await visitor.GetAsync("/members/" + pseudonym.ToLowerInvariant())).Document.QuerySelectorAll("#shown-relations li"));
    }

    [Fact]
    public async Task Withdrawing_without_choosing_what_becomes_of_the_content_is_a_field_error_and_changes_nothing()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, _) = await app.MemberAsync();
        using var _v = visitor;
        var id = await app.MemberIdAsync(email);
        await visitor.ConsentAsync();
        await visitor.AddRelationAsync("hemifacial spasm", "hemifacial-spasm", "Caregiver");

        var page = await visitor.SubmitAsync("/account/consent", "form#withdraw-consent");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("#Choice-error"));
        var forged = await visitor.SubmitAsync("/account/consent", "form#withdraw-consent", new Dictionary<string, string> { ["Choice"] = "keep-everything" });
        Assert.NotNull(forged.Document.QuerySelector("#Choice-error"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<MemberRelation>().CountAsync(r => r.MemberId == id)));
        Assert.True(await app.WithDbAsync(db => ConsentText.IsGivenAsync(db, id, CancellationToken.None)));
    }
}
