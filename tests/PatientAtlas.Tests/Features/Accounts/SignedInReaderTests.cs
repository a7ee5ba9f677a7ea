using System.Net;
using System.Text.Json;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>Public pages stay cached and identical for everyone: nothing personal is ever written into one.</summary>
[ProviderNeutral(NeutralBecause.Rendering)]
public sealed class SignedInReaderTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    [Theory]
    [InlineData("/conditions/hemifacial-spasm/diet")]
    [InlineData("/es/conditions/hemifacial-spasm")]
    [InlineData("/")]
    public async Task A_signed_in_member_gets_the_same_cached_page_as_a_stranger(string path)
    {
        var (member, email, pseudonym) = await App.MemberAsync();
        using var _m = member;

        // The member renders the page first: what is stored must be fit for a stranger.
        using var theirs = await member.Http.GetAsync(path);
        var memberHtml = await theirs.Content.ReadAsStringAsync();
        using var stranger = await App.Client.GetAsync(path);
        var strangerHtml = await stranger.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        Assert.DoesNotContain(pseudonym, memberHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(email, memberHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(memberHtml, strangerHtml);
        Assert.False(stranger.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_header_learns_who_is_signed_in_from_an_uncached_status()
    {
        var (member, _, pseudonym) = await App.MemberAsync();
        using var _m = member;
        using var mine = await member.Http.GetAsync("/account/status");
        Assert.Equal("no-store", mine.Headers.CacheControl?.ToString());
        using (var json = JsonDocument.Parse(await mine.Content.ReadAsStringAsync()))
        {
            Assert.True(json.RootElement.GetProperty("signedIn").GetBoolean());
            Assert.Equal(pseudonym, json.RootElement.GetProperty("pseudonym").GetString());
        }
        using var strangers = await App.Client.GetAsync("/account/status");
        using var anonymous = JsonDocument.Parse(await strangers.Content.ReadAsStringAsync());
        Assert.False(anonymous.RootElement.GetProperty("signedIn").GetBoolean());
    }
}
