using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts.Tokens;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

public sealed class TokenTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    public static async Task<string> MakeTokenAsync(Visitor visitor, string scope = "Read", string days = "30", string name = "my app")
    {
        var made = await visitor.SubmitAsync("/account/tokens", "form#new-token", new Dictionary<string, string>
        {
            ["Form.Name"] = name,
            ["Form.Scope"] = scope,
            ["Form.Days"] = days,
        });
        var token = made.Document.QuerySelector("#created-token")?.GetAttribute("value");
        Assert.True(token is not null, made.Document.QuerySelector(".form-errors")?.TextContent ?? "no token shown");
        return token!;
    }

    private static HttpRequestMessage Me(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task A_token_is_shown_once_stored_hashed_and_answers_me_until_revoked()
    {
        var (visitor, _, pseudonym) = await App.MemberAsync();
        using var _v = visitor;
        var token = await MakeTokenAsync(visitor);
        Assert.StartsWith("pat_", token, StringComparison.Ordinal);

        using (var me = await App.Client.SendAsync(Me(token)))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            using var json = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
            Assert.Equal(pseudonym, json.RootElement.GetProperty("pseudonym").GetString());
            Assert.Equal("read", json.RootElement.GetProperty("tokenScope").GetString());
            Assert.DoesNotContain("@", json.RootElement.GetRawText(), StringComparison.Ordinal);
        }

        // Only a hash is kept; the list shows a hint, never the token again.
        var stored = await App.WithDbAsync(db => db.PersonalTokens.AsNoTracking().ToListAsync());
        Assert.DoesNotContain(stored, t => System.Text.Encoding.UTF8.GetString(t.Hash).Contains(token, StringComparison.Ordinal));
        var list = await visitor.GetAsync("/account/tokens");
        Assert.DoesNotContain(token, list.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Contains(token[..8], list.Document.QuerySelector(".token-list")!.TextContent, StringComparison.Ordinal);

        var revoked = await visitor.SubmitAsync(list.Document, list.Url, ".token-list form");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        using var after = await App.Client.SendAsync(Me(token));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_a_token_or_with_a_forged_one_me_is_401_problem_json_and_a_cookie_does_not_count()
    {
        using (var none = await App.Client.GetAsync("/api/v1/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        }
        using (var forged = await App.Client.SendAsync(Me("pat_" + new string('A', 43))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }
        // A signed-in browser's cookie is not an API credential (no other site can make a browser call the API as its member).
        var (visitor, _, _) = await App.MemberAsync();
        using var _v = visitor;
        using var cookie = await visitor.Http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, cookie.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_stops_working()
    {
        var (visitor, _, _) = await App.MemberAsync();
        using var _v = visitor;
        var token = await MakeTokenAsync(visitor, days: "7");
        var hash = PersonalToken.HashOf(token);
        await App.WithDbAsync(db => db.PersonalTokens.Where(t => t.Hash == hash)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        using var me = await App.Client.SendAsync(Me(token));
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Theory]
    [InlineData("", "Read", "30")]
    [InlineData("x", "Admin", "30")]
    [InlineData("x", "Read", "3650")]
    [InlineData("a name that is far too long for a token because it goes on and on and on", "Read", "30")]
    public async Task Bad_token_requests_get_a_field_error_and_store_nothing(string name, string scope, string days)
    {
        var (visitor, _, pseudonym) = await App.MemberAsync();
        using var _v = visitor;
        var page = await visitor.SubmitAsync("/account/tokens", "form#new-token", new Dictionary<string, string>
        {
            ["Form.Name"] = name,
            ["Form.Scope"] = scope,
            ["Form.Days"] = days,
        });
        Assert.NotNull(page.Document.QuerySelector(".field-error"));
        Assert.Null(page.Document.QuerySelector("#created-token"));
        var count = await App.WithDbAsync(db => db.PersonalTokens.CountAsync(t => db.Users.Any(m => m.Id == t.MemberId && m.Pseudonym == pseudonym)));
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task A_member_cannot_revoke_another_members_token()
    {
        var (owner, _, _) = await App.MemberAsync();
        var (other, _, _) = await App.MemberAsync();
        using var _o = owner;
        using var _p = other;
        var token = await MakeTokenAsync(owner);
        var hash = PersonalToken.HashOf(token);
        var id = await App.WithDbAsync(db => db.PersonalTokens.Where(t => t.Hash == hash).Select(t => t.Id).SingleAsync());

        var page = await other.GetAsync("/account/tokens");
        var form = new Dictionary<string, string> { [Visitor.AntiforgeryField] = page.Document.QuerySelector($"input[name={Visitor.AntiforgeryField}]")!.GetAttribute("value")! };
        using var attempt = await other.Http.PostAsync($"/account/tokens?handler=Revoke&id={id}", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.NotFound, attempt.StatusCode);
        using var me = await App.Client.SendAsync(Me(token));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }
}
