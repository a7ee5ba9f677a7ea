using System.Collections.Concurrent;
using System.Net;
using PatientAtlas.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>Changing the email address, and the address staying private: in no page but its owner's, in no log line.</summary>
public sealed class SecurityEmailTests
{
    [Fact]
    public async Task A_new_address_takes_effect_only_when_its_link_is_opened()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, _) = await app.MemberAsync();
        using var _ = visitor;
        var newEmail = Members.NewIdentity().Email;

        var wrongPassword = await ChangeAsync(visitor, newEmail, "not the password at all");
        Assert.NotNull(wrongPassword.Document.QuerySelector("#Form_Password-error"));
        Assert.Empty(app.Mail.To(newEmail));

        var sent = await ChangeAsync(visitor, newEmail, Members.Password);
        Assert.NotNull(sent.Document.QuerySelector("main [role=status]"));
        Assert.Contains(email, (await visitor.GetAsync("/account")).MainText(), StringComparison.Ordinal);
        Assert.Empty(app.Mail.To(email));

        var first = app.Mail.LinkTo(newEmail, "/account/confirm-email");
        // The link does not carry the address (URLs end up in logs); a newer request replaces the pending one.
        Assert.DoesNotContain("example.org", first.Query, StringComparison.OrdinalIgnoreCase);
        var newerEmail = Members.NewIdentity().Email;
        await ChangeAsync(visitor, newerEmail, Members.Password);
        Assert.NotNull((await visitor.GetAsync(first.PathAndQuery)).Document.QuerySelector("form#resend"));
        Assert.Contains(email, (await visitor.GetAsync("/account")).MainText(), StringComparison.Ordinal);
        newEmail = newerEmail;
        var link = app.Mail.LinkTo(newEmail, "/account/confirm-email");

        var confirmed = await visitor.GetAsync(link.PathAndQuery);
        Assert.Null(confirmed.Document.QuerySelector("form#resend"));
        Assert.Contains(newEmail, (await visitor.GetAsync("/account")).MainText(), StringComparison.Ordinal);
        using var next = app.NewVisitor();
        await next.SignInAsync(newEmail);
        var old = await next.SubmitAsync("/account/logout", "form#logout");
        Assert.Equal(HttpStatusCode.OK, old.Status);
        Assert.NotEmpty((await app.NewVisitor().SubmitAsync("/account/login", "form#login", new Dictionary<string, string>
        {
            ["Form.Email"] = email, ["Form.Password"] = Members.Password,
        })).Errors());
    }

    [Fact]
    public async Task An_address_held_by_another_account_gets_the_same_answer_and_no_mail()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, _) = await app.MemberAsync();
        using var _ = visitor;
        var (other, takenEmail, _) = await app.MemberAsync();
        other.Dispose();
        var freeEmail = Members.NewIdentity().Email;

        var free = await ChangeAsync(visitor, freeEmail, Members.Password);
        var taken = await ChangeAsync(visitor, takenEmail, Members.Password);

        Assert.Equal(free.Status, taken.Status);
        Assert.Equal(free.Url.PathAndQuery, taken.Url.PathAndQuery);
        Assert.Equal(free.MainText(), taken.MainText());
        Assert.Single(app.Mail.To(freeEmail));
        Assert.Empty(app.Mail.To(takenEmail));
        Assert.Contains(email, (await visitor.GetAsync("/account")).MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_appears_only_on_its_owners_pages_and_never_in_the_log()
    {
        var log = new RecordingOutput();
        await using var app = await AtlasApp.StartAsync(output: log, settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
        });
        var (email, pseudonym) = Members.NewIdentity();
        using var owner = await app.SignedUpAsync(email, pseudonym);
        // The doors an address goes through: a failed sign-in, "forgot password", a taken sign-up, an address change.
        using var stranger = app.NewVisitor();
        await stranger.SubmitAsync("/account/login", "form#login", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = "not the password at all" });
        await stranger.SubmitAsync("/account/forgot-password", "form#forgot", new Dictionary<string, string> { ["Email"] = email });
        await stranger.SubmitAsync("/account/register", "form#register", new Dictionary<string, string>
        {
            ["Form.Email"] = email, ["Form.Pseudonym"] = Members.NewIdentity().Pseudonym, ["Form.Password"] = Members.Password,
        });
        var newEmail = Members.NewIdentity().Email;
        await ChangeAsync(owner, newEmail, Members.Password);
        await owner.GetAsync(app.Mail.LinkTo(newEmail, "/account/confirm-email").PathAndQuery);

        Assert.Contains(newEmail, (await owner.GetAsync("/account")).MainText(), StringComparison.Ordinal);
        var (other, _, _) = await app.MemberAsync();
        using var _ = other;
        foreach (var (reader, path) in new[]
        {
            (other, "/account"), (other, "/account/email"), (other, "/account/two-factor"), (other, "/account/password"), (other, "/"),
            (stranger, "/"), (stranger, "/account/login"), (stranger, "/es/account/login"), (stranger, "/account/status"),
        })
        {
            using var response = await reader.Http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(email, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(newEmail, body, StringComparison.OrdinalIgnoreCase);
        }
        var lines = log.Lines.ToList();
        Assert.NotEmpty(lines);
        foreach (var address in new[] { email, newEmail })
        {
            Assert.DoesNotContain(lines, l => l.Contains(address, StringComparison.OrdinalIgnoreCase) ? Leak(l) : false);
            Assert.DoesNotContain(lines, l => l.Contains(address.ToUpperInvariant(), StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(Uri.EscapeDataString(address), StringComparison.OrdinalIgnoreCase));
        }
    }

    private static bool Leak(string line) => throw new Xunit.Sdk.XunitException("an address in the log: " + line);

    private static Task<PageResult> ChangeAsync(Visitor visitor, string newEmail, string password) =>
        visitor.SubmitAsync("/account/email", "form#change-email", new Dictionary<string, string>
        {
            ["Form.NewEmail"] = newEmail, ["Form.Password"] = password,
        });

    /// <summary>The app's log lines, kept for the test to read.</summary>
    private sealed class RecordingOutput : ITestOutputHelper
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public void WriteLine(string message) => Lines.Enqueue(message);

        public void WriteLine(string format, params object[] args) => Lines.Enqueue(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
