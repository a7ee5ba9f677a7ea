using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>Links in mails: on the site's own origin whatever the request claims, and naming no account by its number.</summary>
public sealed class MailLinkTests
{
    [Fact]
    public async Task A_Host_header_with_a_made_up_port_cannot_move_a_reset_link()
    {
        await using var app = await AtlasApp.StartAsync();
        var (_, email, _) = await app.MemberAsync();
        using var visitor = app.NewVisitor();
        visitor.Http.DefaultRequestHeaders.Host = "localhost:6666";

        var sent = await visitor.SubmitAsync("/account/forgot-password", "form#forgot", new Dictionary<string, string> { ["Email"] = email });

        Assert.EndsWith("/account/check-email", sent.Url.AbsolutePath, StringComparison.Ordinal);
        var link = app.Mail.LinkTo(email, "/account/reset-password");
        Assert.Equal("localhost", link.Host);
        Assert.Equal(app.Address.Port, link.Port);
        Assert.DoesNotContain("6666", link.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Site_BaseUrl_names_every_mail_link()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:BaseUrl"] = "https://atlas.example.org" });
        var (_, email, _) = await app.MemberAsync();
        using var visitor = app.NewVisitor();
        visitor.Http.DefaultRequestHeaders.Host = "localhost:6666";

        await visitor.SubmitAsync("/account/forgot-password", "form#forgot", new Dictionary<string, string> { ["Email"] = email });

        Assert.StartsWith("https://atlas.example.org/account/reset-password?", app.Mail.LinkTo(email, "/account/reset-password").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_host_without_a_base_url_stops_the_start_with_one_clear_line()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var process = VerbProcess.Start(database, new Dictionary<string, string> { ["AllowedHosts"] = "*" }, "migrate");
        var result = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("Site:BaseUrl", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_mail_link_names_an_account_by_its_number_and_each_link_names_it_differently()
    {
        await using var app = await AtlasApp.StartAsync();
        var (email, _) = Members.NewIdentity();
        using var visitor = await app.SignedUpAsync(email);
        await visitor.SubmitAsync("/account/email", "form#change-email", new Dictionary<string, string>
        {
            ["Form.NewEmail"] = Members.NewIdentity().Email, ["Form.Password"] = Members.Password,
        });
        using var stranger = app.NewVisitor();
        await stranger.SubmitAsync("/account/forgot-password", "form#forgot", new Dictionary<string, string> { ["Email"] = email });
        await stranger.SubmitAsync("/account/forgot-password", "form#forgot", new Dictionary<string, string> { ["Email"] = email });
        var id = (await app.WithDbAsync(db => db.Users.Where(m => m.Email == email).Select(m => m.Id).SingleAsync())).ToString(CultureInfo.InvariantCulture);

        var links = app.Mail.All().SelectMany(m => LinksIn(m.TextBody ?? "")).Where(l => l.AbsolutePath.Contains("/account/", StringComparison.Ordinal)).ToList();

        Assert.Equal(4, links.Count(l => l.Query.Contains("member=", StringComparison.Ordinal)));
        var keys = new List<string>();
        foreach (var link in links)
        {
            foreach (var (name, value) in QueryHelpers.ParseQuery(link.Query))
            {
                Assert.NotEqual(id, value.ToString());
                Assert.False(int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _), $"{name}={value} in {link}");
                if (name == "member")
                {
                    keys.Add(value.ToString());
                }
            }
        }
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        // And the links still work: the newest reset link opens its form.
        var reset = await stranger.GetAsync(app.Mail.LinkTo(email, "/account/reset-password").PathAndQuery);
        Assert.NotNull(reset.Document.QuerySelector("form#reset"));
    }

    private static IEnumerable<Uri> LinksIn(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"https?://\S+").Select(m => new Uri(m.Value));
}
