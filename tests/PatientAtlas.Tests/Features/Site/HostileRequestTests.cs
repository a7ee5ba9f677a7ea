using System.Net;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

/// <summary>What a hostile probe tried against the cached pages: every reader who shares a cache entry gets the same, right page.</summary>
[ProviderNeutral(NeutralBecause.Rendering)]
public sealed class HostileRequestTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    [Theory]
    [InlineData("/conditions/hemifacial-spasm", "?utm_source=evil")]
    [InlineData("/conditions/hemifacial-spasm/diet", "?utm_source=evil&fbclid=evil")]
    [InlineData("/es/conditions", "?letter=h&evil=1")]
    public async Task UnknownQueryKeysNeverReachTheLinksOfACachedPage(string path, string poison)
    {
        // The poisoned request fills the cache entry; the clean one after it is served from that entry.
        var poisoned = await App.GetDocumentAsync(path + poison);
        var clean = await App.GetDocumentAsync(path + (poison.Contains("letter=h", StringComparison.Ordinal) ? "?letter=h" : ""));
        foreach (var document in new[] { poisoned, clean })
        {
            var html = document.DocumentElement.OuterHtml;
            Assert.DoesNotContain("evil", html, StringComparison.Ordinal);
            var canonical = document.QuerySelector("link[rel=canonical]")!.GetAttribute("href")!;
            Assert.StartsWith(App.Address.ToString().TrimEnd('/') + path, canonical, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/ABOUT", "/about")]
    [InlineData("/about/", "/about")]
    [InlineData("/Conditions?letter=h", "/conditions?letter=h")]
    [InlineData("/es/Conditions/Hemifacial-Spasm/DIET", "/es/conditions/hemifacial-spasm/diet")]
    [InlineData("/ES/", "/es")]
    public async Task PathsThatDifferOnlyInCaseOrATrailingSlashRedirectToTheCanonicalOne(string path, string canonical)
    {
        using var response = await App.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(canonical, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task ACanonicalRedirectNeverLeavesTheSite(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(App.Address, "/").ToString().TrimEnd('/') + path);
        using var response = await App.Client.SendAsync(request);
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.DoesNotContain("evil.example", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCodingIsStoredUnderTheCodingSentSoClientsWithoutOneGetPlainBytes()
    {
        const string path = "/es/medical-disclaimer";
        using (var star = new HttpRequestMessage(HttpMethod.Get, path))
        {
            star.Headers.TryAddWithoutValidation("Accept-Encoding", "*");
            using var response = await App.Client.SendAsync(star);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var plain = await App.Client.GetAsync(path);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var html = await plain.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QualityValuesDecideTheCodingAndItsCacheEntry()
    {
        const string path = "/es/editorial-policy";
        Assert.Equal("gzip", await CodingAsync(path, "br;q=0.1, gzip;q=0.9"));
        Assert.Equal("br", await CodingAsync(path, "br"));
        Assert.Equal("gzip", await CodingAsync(path, "gzip, br;q=0"));
        Assert.Equal("", await CodingAsync(path, "identity"));
        Assert.Equal("", await CodingAsync(path, "br;q=0, gzip;q=0"));
        Assert.Equal("br", await CodingAsync(path, "br"));
    }

    private async Task<string> CodingAsync(string path, string acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        using var response = await App.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return string.Join(",", response.Content.Headers.ContentEncoding);
    }

    [Theory]
    [InlineData("/robots.txt")]
    [InlineData("/sitemap.xml")]
    [InlineData("/about")]
    [InlineData("/openapi/v1.json")]
    public async Task AForgedHostHeaderIsRefusedBeforeItCanReachAnAbsoluteUrl(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";
        using var response = await App.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/conditions/%20")]
    [InlineData("/conditions/%20%20")]
    [InlineData("/conditions/%09")]
    [InlineData("/conditions/%E2%80%83")]
    [InlineData("/conditions/%20/diet")]
    [InlineData("/es/conditions/%20")]
    [InlineData("/reviewers/%20")]
    [InlineData("/api/v1/conditions/%20")]
    [InlineData("/api/v1/conditions/%20/questions")]
    [InlineData("/api/v1/conditions/hemifacial-spasm/questions/%20")]
    public async Task WhitespaceSlugsAreNotFound(string path)
    {
        using var response = await App.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>Absolute URLs come from configuration when it is set, and every 429 says when to come back.</summary>
public sealed class ConfiguredOriginTests
{
    [Fact]
    public async Task SiteBaseUrlNamesEveryAbsoluteUrlWhateverTheAllowedHostSays()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Site:BaseUrl"] = "https://atlas.example.org/",
            ["AllowedHosts"] = "*",
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/robots.txt");
        request.Headers.Host = "evil.example";
        using var robots = await app.Client.SendAsync(request);
        var text = await robots.Content.ReadAsStringAsync();
        Assert.Contains("Sitemap: https://atlas.example.org/sitemap.xml", text, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", text, StringComparison.Ordinal);

        var page = await app.GetDocumentAsync("/conditions/hemifacial-spasm");
        Assert.Equal("https://atlas.example.org/conditions/hemifacial-spasm", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        var openApi = await app.Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("https://atlas.example.org", openApi, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", openApi, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "http://")]
    [InlineData("127.0.0.1", "https://")]
    public async Task ForwardedHeadersAreBelievedOnlyFromKnownProxies(string? proxy, string scheme)
    {
        var settings = new Dictionary<string, string?>();
        if (proxy is not null)
        {
            settings["Site:KnownProxies:0"] = proxy;
        }
        await using var app = await AtlasApp.StartAsync(settings: settings);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/robots.txt");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Sitemap: " + scheme, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryTooManyRequestsAnswerSaysWhenToRetry()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:ApiRequestsPerMinute"] = "2" });
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await app.Client.GetAsync("/api/v1/conditions/hemifacial-spasm");
        }
        using (last)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
            var seconds = last.Headers.RetryAfter?.Delta?.TotalSeconds;
            Assert.NotNull(seconds);
            Assert.InRange(seconds!.Value, 1, 60);
            Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("--Site:BaseUrl=not a url", "Site:BaseUrl")]
    [InlineData("--Site:ApiRequestsPerMinute=0", "ApiRequestsPerMinute")]
    [InlineData("--Site:KnownProxies:0=proxy.example", "Site:KnownProxies")]
    public async Task AWrongSettingStopsTheStartWithOneClearLine(string setting, string named)
    {
        await using var database = await TestDatabase.CreateAsync();
        var result = await Verb.RunAsync(database, "migrate", setting);
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsOnTheCommandLineWorkForVerbs()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var other = await TestDatabase.CreateAsync();
        // The environment points at one database; the command line at another, and the command line wins.
        var result = await Verb.RunAsync(database, "migrate", "--ConnectionStrings:Default=" + other.ConnectionString);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(await HasSchemaAsync(other));
        Assert.False(await HasSchemaAsync(database));
    }

    private static async Task<bool> HasSchemaAsync(TestDatabase database)
    {
        System.Data.Common.DbConnection connection = database.Provider == "Postgres"
            ? new Npgsql.NpgsqlConnection(database.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = database.Provider == "Postgres"
                ? "SELECT count(*) FROM information_schema.tables WHERE table_name = '__EFMigrationsHistory'"
                : "SELECT count(*) FROM sqlite_master WHERE name = '__EFMigrationsHistory'";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
    }
}
