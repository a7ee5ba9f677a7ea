using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

/// <summary>The people the matrix asks: a stranger, and members with every standing and role.</summary>
public enum Persona
{
    Anonymous,
    NoConsent,
    Member,
    OtherMember,
    Moderator,
    Editor,
    Reviewer,
    Admin,
}

/// <summary>Who an endpoint is for; <see cref="AuthorizationMatrixTests.Expected"/> turns it into a status per persona.</summary>
public enum Rule
{
    /// <summary>Anyone, signed in or not: 200.</summary>
    Public,

    /// <summary>Sign-in and sign-up: 200 for a stranger; a signed-in member is sent on to their account (302).</summary>
    Door,

    /// <summary>Any signed-in member: a stranger is sent to sign in (302).</summary>
    SignedIn,

    /// <summary>A signed-in member who consented to health data; without consent, to the consent page (302).</summary>
    Consented,

    Moderator,
    Editor,
    Reviewer,
    Admin,

    /// <summary>The API with a personal token of a member who consented: 401 without a token, 403 without consent.</summary>
    ConsentedToken,

    /// <summary>The second step of a two-step sign-in: only right after the password step; anyone else goes back to sign in (302).</summary>
    SecondStep,

    /// <summary>The API with a personal token (read scope): without one, 401.</summary>
    Token,

    /// <summary>
    /// A write through the API (write token, consent): 401 without a token, 403 without consent; everyone else reaches the
    /// handler, which answers the sample (naming nothing that exists) with 404.
    /// </summary>
    WriteToken,

    /// <summary>A write to the API with the token of a member who consented: 401 without a token, 403 without consent; the matrix's empty body gets 400.</summary>
    ConsentedTokenPost,

    /// <summary>The moderators' API: 401 without a token, 403 with anyone else's.</summary>
    ModeratorToken,

    /// <summary>A moderator's write on the API: 401 without a token, 403 with anyone else's; the matrix's empty body gets 400.</summary>
    ModeratorTokenPost,

    /// <summary>Editors and reviewers (the editorial pages): a stranger is sent to sign in, anyone else gets 403.</summary>
    Editorial,

    /// <summary>The API with an editor's or reviewer's token: 401 without one, 403 for anyone else.</summary>
    EditorialToken,

    /// <summary>An editor's write on the API: 401 without a token, 403 for anyone else; the matrix's empty body is a 400 for an editor.</summary>
    EditorToken,

    /// <summary>A reviewer's write on the API: as <see cref="EditorToken"/>, for reviewers.</summary>
    ReviewerToken,

    /// <summary>A signed-in member's own thing (a conversation), sampled with someone else's: a stranger is sent to sign in (302), any member gets 404.</summary>
    OthersPrivate,

    /// <summary>The API's counterpart of <see cref="OthersPrivate"/>: 401 without a token, 404 with one (someone else's, or nothing).</summary>
    TokenOthersPrivate,

    /// <summary>
    /// The API for members with a relation to the sampled condition ("people near me"): 401 without a token, 403 without
    /// consent, and 403 for the matrix's members, who have no relation to it.
    /// </summary>
    RelatedToken,
    /// <summary>A consented member's own thing (an organisation's edit page), sampled with one nobody of them keeps: a stranger is sent to sign in, a member without consent to the consent page, anyone else gets 404.</summary>
    ConsentedOthersPrivate,

    /// <summary>A member write on the API about someone else's thing (a conversation, a request): 401 without a token, 403 without consent (the member-write policy), 404 with one.</summary>
    ConsentedTokenOthersPrivate,
}

/// <summary>One started site and one signed-in visitor (and API token) per persona, shared by the matrix's cells.</summary>
public sealed class MatrixApp : IAsyncLifetime
{
    private AtlasApp? _app;

    public AtlasApp App => _app ?? throw new InvalidOperationException("not started");

    public Dictionary<Persona, Visitor> Visitors { get; } = [];

    public Dictionary<Persona, string> Tokens { get; } = [];

    public Dictionary<Persona, string> Pseudonyms { get; } = [];

    public async Task InitializeAsync()
    {
        _app = await AtlasApp.StartAsync();
        Visitors[Persona.Anonymous] = _app.NewVisitor();
        foreach (var persona in Enum.GetValues<Persona>().Where(p => p != Persona.Anonymous))
        {
            string[] roles = persona switch
            {
                Persona.Moderator => [Roles.Moderator],
                Persona.Editor => [Roles.Editor],
                Persona.Reviewer => [Roles.Reviewer],
                Persona.Admin => [Roles.Admin],
                _ => [],
            };
            var (visitor, _, pseudonym) = await _app.MemberAsync(roles);
            if (persona != Persona.NoConsent)
            {
                await MatrixConsent.GiveAsync(visitor);
            }
            Visitors[persona] = visitor;
            Pseudonyms[persona] = pseudonym;
            Tokens[persona] = await TokenTests.MakeTokenAsync(visitor, scope: "Write");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var visitor in Visitors.Values)
        {
            visitor.Dispose();
        }
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>
/// Every endpoint of the site has a row here: who may call it, and what each persona gets. A new endpoint without a
/// row fails <see cref="EveryEndpointHasARow"/>, so nobody adds a page or an API answer without saying who it is for.
/// Samples may name <c>{member}</c>: the pseudonym of the <see cref="Persona.Member"/> persona.
/// </summary>
[ProviderNeutral(NeutralBecause.Refusals)]
public sealed class AuthorizationMatrixTests(MatrixApp fixture) : IClassFixture<MatrixApp>
{
    private AtlasApp App => fixture.App;

    /// <summary>Route pattern (language-prefixed page routes included), method, who, and a path that exercises it.</summary>
    public static readonly (string Pattern, string Method, Rule Rule, string Sample)[] Matrix =
    [
        ("/", "GET", Rule.Public, "/"),
        ("/about", "GET", Rule.Public, "/about"),
        ("/editorial-policy", "GET", Rule.Public, "/editorial-policy"),
        ("/medical-disclaimer", "GET", Rule.Public, "/medical-disclaimer"),
        ("/conditions", "GET", Rule.Public, "/conditions?letter=h"),
        ("/conditions/{condition}", "GET", Rule.Public, "/conditions/hemifacial-spasm"),
        ("/conditions/{condition}/{question}", "GET", Rule.Public, "/conditions/hemifacial-spasm/diet"),
        ("/groups/{group}", "GET", Rule.Public, "/groups/inflammatory-bowel-disease"),
        ("/reviewers/{reviewer}", "GET", Rule.Public, "/reviewers/dr-alex-moreno-demo"),
        ("/search", "GET", Rule.Public, "/search?q=hfs"),
        ("/errors/{code:int}", "GET", Rule.Public, "/errors/404"),
        ("/api/v1/conditions", "GET", Rule.Public, "/api/v1/conditions?letter=h"),
        ("/api/v1/conditions/{condition}", "GET", Rule.Public, "/api/v1/conditions/hemifacial-spasm"),
        ("/api/v1/codes/{code}", "GET", Rule.Public, "/api/v1/codes/ORPHA:221083"),
        ("/api/v1/conditions/{condition}/questions", "GET", Rule.Public, "/api/v1/conditions/hemifacial-spasm/questions"),
        ("/api/v1/conditions/{condition}/questions/{question}", "GET", Rule.Public, "/api/v1/conditions/hemifacial-spasm/questions/diet"),
        ("/api/v1/search/suggest", "GET", Rule.Public, "/api/v1/search/suggest?q=hemif"),
        ("/openapi/{documentName}.json", "GET", Rule.Public, "/openapi/v1.json"),
        ("/healthz", "GET", Rule.Public, "/healthz"),
        ("/robots.txt", "GET", Rule.Public, "/robots.txt"),
        ("/sitemap.xml", "GET", Rule.Public, "/sitemap.xml"),
        ("/sitemaps/conditions-{chunk:int}.xml", "GET", Rule.Public, "/sitemaps/conditions-1.xml"),
        ("/sitemaps/questions-{chunk:int}.xml", "GET", Rule.Public, "/sitemaps/questions-1.xml"),

        ("/account/register", "GET", Rule.Door, "/account/register"),
        ("/account/login", "GET", Rule.Door, "/account/login"),
        ("/account/logout", "GET", Rule.Public, "/account/logout"),
        ("/account/check-email", "GET", Rule.Public, "/account/check-email"),
        ("/account/confirm-email", "GET", Rule.Public, "/account/confirm-email?member=1&code=forged"),
        ("/account/forgot-password", "GET", Rule.Public, "/account/forgot-password"),
        ("/account/reset-password", "GET", Rule.Public, "/account/reset-password?member=1&code=forged"),
        ("/account/status", "GET", Rule.Public, "/account/status"),
        ("/account", "GET", Rule.SignedIn, "/account"),
        ("/account/tokens", "GET", Rule.SignedIn, "/account/tokens"),
        ("/account/two-factor", "GET", Rule.SignedIn, "/account/two-factor"),
        ("/account/password", "GET", Rule.SignedIn, "/account/password"),
        ("/account/email", "GET", Rule.SignedIn, "/account/email"),
        ("/account/login/two-factor", "GET", Rule.SecondStep, "/account/login/two-factor"),
        ("/account/consent", "GET", Rule.SignedIn, "/account/consent"),
        ("/account/conditions", "GET", Rule.Consented, "/account/conditions"),
        ("/account/data", "GET", Rule.SignedIn, "/account/data"),
        ("/account/deleted", "GET", Rule.Public, "/account/deleted"),
        ("/members/{pseudonym}", "GET", Rule.Public, "/members/{member}"),
        ("/api/v1/me/relations", "GET", Rule.ConsentedToken, "/api/v1/me/relations"),
        ("/admin", "GET", Rule.Admin, "/admin"),
        ("/api/v1/me", "GET", Rule.Token, "/api/v1/me"),
        ("/privacy", "GET", Rule.Public, "/privacy"),
        ("/terms", "GET", Rule.Public, "/terms"),
        // Anyone may also send the editors a report or a message (POST with the form's token, rate-limited: CorrectionsTests).
        ("/contact", "GET", Rule.Public, "/contact"),
        ("/conditions/{condition}/{question}/report-error", "GET", Rule.Public, "/conditions/hemifacial-spasm/diet/report-error"),
        ("/conditions/{condition}/{question}/request-summary", "GET", Rule.Public, "/conditions/hemifacial-spasm/treatments/request-summary"),
        ("/api/v1/conditions/{condition}/questions/{question}/experiences", "POST", Rule.WriteToken, "/api/v1/conditions/hemifacial-spasm/questions/no-such-question/experiences"),
        ("/api/v1/experiences/{id:long}", "PUT", Rule.WriteToken, "/api/v1/experiences/0"),
        ("/api/v1/experiences/{id:long}", "DELETE", Rule.WriteToken, "/api/v1/experiences/0"),
        ("/api/v1/experiences/{id:long}/helpful", "POST", Rule.WriteToken, "/api/v1/experiences/0/helpful"),
        ("/api/v1/experiences/{id:long}/helpful", "DELETE", Rule.WriteToken, "/api/v1/experiences/0/helpful"),
        ("/api/v1/experiences/{id:long}", "GET", Rule.Public, "/api/v1/experiences/1"),
        ("/conditions/{condition}/{question}/share", "GET", Rule.Consented, "/conditions/hemifacial-spasm/diet/share"),
        ("/account/experiences", "GET", Rule.Consented, "/account/experiences"),
        ("/account/experiences/state/{condition}/{question}", "GET", Rule.Public, "/account/experiences/state/hemifacial-spasm/diet"),
        ("/experiences/{id:long}/helpful", "GET", Rule.Consented, "/experiences/1/helpful"),
        ("/help/crisis", "GET", Rule.Public, "/help/crisis"),

        // Moderation (issue 14): flags, questions asked by members, the queue, notifications, suspension.
        ("/conditions/{condition}/ask", "GET", Rule.Consented, "/conditions/hemifacial-spasm/ask"),
        ("/conditions/{condition}/{question}/experiences/{id:long}/flag", "GET", Rule.Consented, "/conditions/hemifacial-spasm/diet/experiences/1/flag"),
        ("/moderation", "GET", Rule.Moderator, "/moderation"),
        ("/account/notifications", "GET", Rule.SignedIn, "/account/notifications"),
        ("/account/suspended", "GET", Rule.SignedIn, "/account/suspended"),
        ("/api/v1/experiences/{id:long}/flags", "POST", Rule.ConsentedTokenPost, "/api/v1/experiences/1/flags"),
        ("/api/v1/moderation/queue", "GET", Rule.ModeratorToken, "/api/v1/moderation/queue"),
        ("/api/v1/moderation/experiences/{id:long}/decisions", "POST", Rule.ModeratorTokenPost, "/api/v1/moderation/experiences/1/decisions"),
        ("/api/v1/moderation/questions/{id:long}/decisions", "POST", Rule.ModeratorTokenPost, "/api/v1/moderation/questions/1/decisions"),
        ("/editorial", "GET", Rule.Editorial, "/editorial"),
        ("/editorial/{condition}/{question}", "GET", Rule.Editorial, "/editorial/hemifacial-spasm/diet?lang=en"),
        ("/editorial/{condition}/{question}/preview", "GET", Rule.Editorial, "/editorial/hemifacial-spasm/diet/preview?lang=es"),
        ("/editorial/{condition}/{question}/digest", "GET", Rule.Editorial, "/editorial/hemifacial-spasm/diet/digest?lang=en"),
        ("/conditions/{condition}/{question}/history", "GET", Rule.Public, "/conditions/hemifacial-spasm/diet/history"),
        ("/admin/reviewers", "GET", Rule.Admin, "/admin/reviewers"),
        ("/api/v1/conditions/{condition}/questions/{question}/history", "GET", Rule.Public, "/api/v1/conditions/hemifacial-spasm/questions/diet/history"),
        ("/api/v1/editorial/queue", "GET", Rule.EditorialToken, "/api/v1/editorial/queue"),
        ("/api/v1/editorial/{condition}/{question}/{language}", "GET", Rule.EditorialToken, "/api/v1/editorial/hemifacial-spasm/diet/en"),
        ("/api/v1/editorial/{condition}/{question}/{language}/draft", "PUT", Rule.EditorToken, "/api/v1/editorial/hemifacial-spasm/diet/en/draft"),
        ("/api/v1/editorial/{condition}/{question}/{language}/submit", "POST", Rule.EditorToken, "/api/v1/editorial/hemifacial-spasm/diet/en/submit"),
        ("/api/v1/editorial/{condition}/{question}/{language}/review", "POST", Rule.ReviewerToken, "/api/v1/editorial/hemifacial-spasm/diet/en/review"),
        ("/editorial/export", "GET", Rule.Editorial, "/editorial/export"),
        ("/editorial/import", "GET", Rule.Editor, "/editorial/import"),
        ("/conditions/{condition}/map", "GET", Rule.Public, "/conditions/hemifacial-spasm/map?relation=Affected"),
        ("/api/v1/conditions/{condition}/map", "GET", Rule.Public, "/api/v1/conditions/hemifacial-spasm/map"),
        ("/api/v1/places/cities", "GET", Rule.Public, "/api/v1/places/cities?q=sao%20paulo"),
        ("/account/location", "GET", Rule.SignedIn, "/account/location?q=madrid"),
        ("/messages", "GET", Rule.SignedIn, "/messages"),
        ("/messages/new", "GET", Rule.SignedIn, "/messages/new?to=marta_demo"),
        ("/api/v1/messages", "GET", Rule.Token, "/api/v1/messages"),
        ("/messages/{id:long}", "GET", Rule.OthersPrivate, "/messages/1"),
        ("/api/v1/messages/{id:long}", "GET", Rule.TokenOthersPrivate, "/api/v1/messages/1"),
        ("/api/v1/messages/{id:long}", "POST", Rule.ConsentedTokenOthersPrivate, "/api/v1/messages/1"),
        ("/api/v1/contact-requests", "POST", Rule.ConsentedTokenOthersPrivate, "/api/v1/contact-requests"),
        ("/api/v1/contact-requests/{id:long}/accept", "POST", Rule.ConsentedTokenOthersPrivate, "/api/v1/contact-requests/1/accept"),
        ("/api/v1/contact-requests/{id:long}/decline", "POST", Rule.TokenOthersPrivate, "/api/v1/contact-requests/1/decline"),
        ("/conditions/{condition}/near", "GET", Rule.Consented, "/conditions/hemifacial-spasm/near?relation=Affected"),
        ("/api/v1/conditions/{condition}/near", "GET", Rule.RelatedToken, "/api/v1/conditions/hemifacial-spasm/near"),
        ("/api/v1/moderation/conversations/{id:long}/decisions", "POST", Rule.ModeratorTokenPost, "/api/v1/moderation/conversations/1/decisions"),
        ("/api/v1/moderation/organisations/{id:long}/decisions", "POST", Rule.ModeratorTokenPost, "/api/v1/moderation/organisations/1/decisions"),
        ("/organisations", "GET", Rule.Public, "/organisations?condition=hemifacial-spasm&kind=organisation"),
        ("/organisations/{slug}", "GET", Rule.Public, "/organisations/asociacion-espasmo-hemifacial-demo"),
        ("/account/organisations", "GET", Rule.Consented, "/account/organisations"),
        ("/account/organisations/new", "GET", Rule.Consented, "/account/organisations/new"),
        ("/account/organisations/{slug}/edit", "GET", Rule.ConsentedOthersPrivate, "/account/organisations/asociacion-espasmo-hemifacial-demo/edit"),
        ("/admin/organisations", "GET", Rule.Admin, "/admin/organisations?unverified=true"),
        ("/api/v1/organisations", "GET", Rule.Public, "/api/v1/organisations?condition=hemifacial-spasm"),
        ("/api/v1/organisations/{slug}", "GET", Rule.Public, "/api/v1/organisations/dr-demo-neurology-clinic"),
        ("/api/v1/organisations", "POST", Rule.ConsentedTokenPost, "/api/v1/organisations"),
        ("/api/v1/organisations/{slug}", "PUT", Rule.WriteToken, "/api/v1/organisations/no-such-organisation"),
        ("/api/v1/organisations/{slug}", "DELETE", Rule.WriteToken, "/api/v1/organisations/no-such-organisation"),
    ];

    public static TheoryData<string, string, Persona> Cells()
    {
        var cells = new TheoryData<string, string, Persona>();
        foreach (var row in Matrix)
        {
            foreach (var persona in Enum.GetValues<Persona>())
            {
                cells.Add(row.Method, row.Sample, persona);
            }
        }
        return cells;
    }

    /// <summary>The status <paramref name="persona"/> gets from an endpoint under <paramref name="rule"/>, and where a redirect leads.</summary>
    public static (HttpStatusCode Status, string? Location) Expected(Rule rule, Persona persona)
    {
        var signedIn = persona != Persona.Anonymous;
        var toLogin = (HttpStatusCode.Redirect, (string?)"/account/login");
        (HttpStatusCode, string?) ok = (HttpStatusCode.OK, null);
        (HttpStatusCode, string?) Role(Persona holder) => !signedIn ? toLogin : persona == holder ? ok : (HttpStatusCode.Forbidden, null);
        return rule switch
        {
            Rule.Public => ok,
            Rule.Door => signedIn ? (HttpStatusCode.Redirect, "/account") : ok,
            Rule.SignedIn => signedIn ? ok : toLogin,
            Rule.Consented => !signedIn ? toLogin : persona == Persona.NoConsent ? (HttpStatusCode.Redirect, "/account/consent") : ok,
            Rule.Moderator => Role(Persona.Moderator),
            Rule.Editor => Role(Persona.Editor),
            Rule.Reviewer => Role(Persona.Reviewer),
            Rule.Admin => Role(Persona.Admin),
            Rule.Token => signedIn ? ok : (HttpStatusCode.Unauthorized, null),
            Rule.SecondStep => toLogin,
            Rule.ConsentedToken => !signedIn ? (HttpStatusCode.Unauthorized, null) : persona == Persona.NoConsent ? (HttpStatusCode.Forbidden, null) : ok,
            Rule.WriteToken => !signedIn ? (HttpStatusCode.Unauthorized, null) : persona == Persona.NoConsent ? (HttpStatusCode.Forbidden, null) : (HttpStatusCode.NotFound, null),
            Rule.ConsentedTokenPost => !signedIn ? (HttpStatusCode.Unauthorized, null) : persona == Persona.NoConsent ? (HttpStatusCode.Forbidden, null) : (HttpStatusCode.BadRequest, null),
            Rule.ModeratorToken => !signedIn ? (HttpStatusCode.Unauthorized, null) : persona == Persona.Moderator ? ok : (HttpStatusCode.Forbidden, null),
            Rule.ModeratorTokenPost => !signedIn ? (HttpStatusCode.Unauthorized, null) : persona == Persona.Moderator ? (HttpStatusCode.BadRequest, null) : (HttpStatusCode.Forbidden, null),
            Rule.Editorial => !signedIn ? toLogin : persona is Persona.Editor or Persona.Reviewer ? ok : (HttpStatusCode.Forbidden, null),
            Rule.EditorialToken => !signedIn ? (HttpStatusCode.Unauthorized, null) : persona is Persona.Editor or Persona.Reviewer ? ok : (HttpStatusCode.Forbidden, null),
            Rule.EditorToken => !signedIn ? (HttpStatusCode.Unauthorized, null) : persona == Persona.Editor ? (HttpStatusCode.BadRequest, null) : (HttpStatusCode.Forbidden, null),
            Rule.ReviewerToken => !signedIn ? (HttpStatusCode.Unauthorized, null) : persona == Persona.Reviewer ? (HttpStatusCode.BadRequest, null) : (HttpStatusCode.Forbidden, null),
            Rule.OthersPrivate => signedIn ? (HttpStatusCode.NotFound, null) : toLogin,
            Rule.TokenOthersPrivate => signedIn ? (HttpStatusCode.NotFound, null) : (HttpStatusCode.Unauthorized, null),
            Rule.RelatedToken => signedIn ? (HttpStatusCode.Forbidden, null) : (HttpStatusCode.Unauthorized, null),
            Rule.ConsentedTokenOthersPrivate => !signedIn ? (HttpStatusCode.Unauthorized, null) : persona == Persona.NoConsent ? (HttpStatusCode.Forbidden, null) : (HttpStatusCode.NotFound, null),
            Rule.ConsentedOthersPrivate => !signedIn ? toLogin : persona == Persona.NoConsent ? (HttpStatusCode.Redirect, "/account/consent") : (HttpStatusCode.NotFound, null),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
    }

    /// <summary>Rules whose endpoints are called with the persona's bearer token.</summary>
    private static bool IsTokenRule(Rule rule) => rule is Rule.Token or Rule.ConsentedToken or Rule.WriteToken or Rule.ConsentedTokenPost
        or Rule.ModeratorToken or Rule.ModeratorTokenPost or Rule.EditorialToken or Rule.EditorToken or Rule.ReviewerToken or Rule.TokenOthersPrivate or Rule.RelatedToken
        or Rule.ConsentedTokenOthersPrivate;

    [Fact]
    public void EveryEndpointHasARow()
    {
        var rows = Matrix.Select(r => $"{r.Method} {r.Pattern}").ToHashSet(StringComparer.Ordinal);
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !IsStaticAsset(e))
            .SelectMany(e => Methods(e).Select(m => $"{m} {Neutral(e.RoutePattern.RawText!)}"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Empty(endpoints.Except(rows).Order(StringComparer.Ordinal));
        Assert.Empty(rows.Except(endpoints).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_persona_gets_what_the_rule_says(string method, string sample, Persona persona)
    {
        var row = Matrix.Single(r => r.Method == method && r.Sample == sample);
        var path = sample.Replace("{member}", Uri.EscapeDataString(fixture.Pseudonyms[Persona.Member]), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (IsTokenRule(row.Rule) && persona != Persona.Anonymous)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tokens[persona]);
        }
        using var response = await fixture.Visitors[persona].Http.SendAsync(request);
        var (status, location) = Expected(row.Rule, persona);
        // An error page browsed to directly is a 404 by design.
        if (path.StartsWith("/errors/", StringComparison.Ordinal))
        {
            status = HttpStatusCode.NotFound;
        }
        Assert.True(status == response.StatusCode, $"{persona} {method} {path}: expected {(int)status}, got {(int)response.StatusCode}");
        if (location is not null)
        {
            Assert.Equal(location, response.Headers.Location?.IsAbsoluteUri == true ? response.Headers.Location.AbsolutePath : response.Headers.Location?.OriginalString.Split('?')[0]);
        }
        if (IsTokenRule(row.Rule) && persona == Persona.Anonymous || path.StartsWith("/api/", StringComparison.Ordinal) && (int)status >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task A_post_without_an_antiforgery_token_changes_nothing(string method, string sample, Persona persona)
    {
        var row = Matrix.Single(r => r.Method == method && r.Sample == sample);
        if (method != "GET" || IsTokenRule(row.Rule) || sample.StartsWith("/api/", StringComparison.Ordinal))
        {
            return;
        }
        var path = sample.Replace("{member}", Uri.EscapeDataString(fixture.Pseudonyms[Persona.Member]), StringComparison.Ordinal);
        using var write = await fixture.Visitors[persona].Http.PostAsync(path, new FormUrlEncodedContent([]));
        var (status, _) = Expected(row.Rule, persona);
        // A stranger is sent to sign in first; everyone else meets antiforgery (a member without the role may meet 403 first).
        if (status is HttpStatusCode.Redirect && row.Rule is not (Rule.Door or Rule.SecondStep))
        {
            Assert.True(write.StatusCode == status, $"{persona} POST {path}: {(int)write.StatusCode}");
        }
        else
        {
            Assert.True((int)write.StatusCode is 400 or 403 or 404 or 405, $"{persona} POST {path}: {(int)write.StatusCode}");
        }
    }

    private static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().FullName?.StartsWith("Microsoft.AspNetCore.StaticAssets", StringComparison.Ordinal) == true);

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    /// <summary>"/{culture:regex(^es$)}/conditions" and "conditions" → "/conditions": one row covers both languages.</summary>
    private static string Neutral(string pattern)
    {
        var path = "/" + pattern.TrimStart('/');
        const string prefix = "/{culture:regex(^es$)}";
        if (path.StartsWith(prefix, StringComparison.Ordinal))
        {
            path = path[prefix.Length..];
        }
        path = path.TrimEnd('/');
        return path.Length == 0 ? "/" : path;
    }
}

/// <summary>Consent for the matrix's personas, given on the consent page as a member gives it.</summary>
internal static class MatrixConsent
{
    public static async Task GiveAsync(Visitor visitor)
    {
        var given = await visitor.SubmitAsync("/account/consent", "form#give-consent", new Dictionary<string, string> { ["Agree"] = "true" });
        Assert.Equal(HttpStatusCode.OK, given.Status);
        Assert.NotNull(given.Document.QuerySelector("#consent-state"));
    }
}
