using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>The doors: sign-in, lockout, reset and confirmation links, the door rate limit, the session cookie.</summary>
public sealed class SecurityDoorTests
{
    [Fact]
    public async Task A_network_is_refused_after_the_configured_failures_and_every_refusal_reads_the_same()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Accounts:LockoutFailures"] = "3" });
        var (_, email, _) = await app.MemberAsync();
        using var visitor = app.NewVisitor();

        var unknown = await SignIn(visitor, Members.NewIdentity().Email, Members.Password);
        var wrong = new List<PageResult>();
        for (var i = 0; i < 3; i++)
        {
            wrong.Add(await SignIn(visitor, email, "not the password at all"));
        }
        var locked = await SignIn(visitor, email, Members.Password);

        Assert.NotEmpty(unknown.Errors());
        foreach (var page in wrong.Append(locked))
        {
            Assert.Equal(unknown.Status, page.Status);
            Assert.Equal(unknown.Url.AbsolutePath, page.Url.AbsolutePath);
            Assert.Equal(unknown.MainText(), page.MainText());
        }
        Assert.EndsWith("/account/login", locked.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.Http.GetAsync("/account")).StatusCode);
        // The network is refused, not the account (SignInDoorTests: the member still signs in from elsewhere).
        var lockoutEnd = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(m => m.Email == email).LockoutEnd));
        Assert.Null(lockoutEnd);
    }

    [Fact]
    public async Task A_reset_refuses_a_common_password_and_accepts_a_strong_one_once()
    {
        await using var app = await AtlasApp.StartAsync();
        var (_, email, _) = await app.MemberAsync();
        using var visitor = app.NewVisitor();
        await visitor.SubmitAsync("/account/forgot-password", "form#forgot", new Dictionary<string, string> { ["Email"] = email });
        var link = app.Mail.LinkTo(email, "/account/reset-password").PathAndQuery;

        var common = await visitor.SubmitAsync(link, "form#reset", new Dictionary<string, string> { ["Password"] = "password1234" });
        Assert.NotNull(common.Document.QuerySelector("#Password-error"));
        await visitor.SignInAsync(email, Members.Password);

        using var other = app.NewVisitor();
        var done = await other.SubmitAsync(link, "form#reset", new Dictionary<string, string> { ["Password"] = "a brand new passphrase for spring" });
        Assert.NotNull(done.Document.QuerySelector("main [role=status]"));
        // The reset ended every session, and the link works once.
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.Http.GetAsync("/account")).StatusCode);
        var again = await other.SubmitAsync(link, "form#reset", new Dictionary<string, string> { ["Password"] = "yet another passphrase for summer" });
        Assert.Null(again.Document.QuerySelector("form#reset"));
        await other.SignInAsync(email, "a brand new passphrase for spring");
    }

    [Fact]
    public async Task An_expired_reset_link_is_refused_and_changes_nothing()
    {
        // Identity's token providers read the system clock (not TimeProvider), so the test makes the link the site would
        // have mailed three hours ago (Accounts:ResetLinkHours is 2), with the site's own keys. The same link made now
        // is accepted: the forgery is faithful, and only its age is refused.
        await using var app = await AtlasApp.StartAsync();
        var (_, email, _) = await app.MemberAsync();
        var (_, fresh, _) = await app.MemberAsync();
        using var visitor = app.NewVisitor();

        var expired = await visitor.SubmitAsync(await ResetLinkMadeAtAsync(app, email, DateTimeOffset.UtcNow.AddHours(-3)), "form#reset",
            new Dictionary<string, string> { ["Password"] = "a brand new passphrase for spring" });
        Assert.Null(expired.Document.QuerySelector("form#reset"));
        Assert.NotNull(expired.Document.QuerySelector("main a[href$='/account/forgot-password']"));
        await app.NewVisitor().SignInAsync(email, Members.Password);

        var control = await visitor.SubmitAsync(await ResetLinkMadeAtAsync(app, fresh, DateTimeOffset.UtcNow.AddMinutes(-5)), "form#reset",
            new Dictionary<string, string> { ["Password"] = "a brand new passphrase for spring" });
        Assert.NotNull(control.Document.QuerySelector("main [role=status]"));
        await app.NewVisitor().SignInAsync(fresh, "a brand new passphrase for spring");
    }

    [Fact]
    public async Task Forged_reset_and_confirmation_links_change_nothing()
    {
        await using var app = await AtlasApp.StartAsync();
        var (_, email, _) = await app.MemberAsync();
        var memberId = await MemberIdAsync(app, email);
        var id = MemberKey(app, memberId);
        using var visitor = app.NewVisitor();
        var forged = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(Convert.ToBase64String(RandomBytes(120))));

        var reset = await visitor.SubmitAsync($"/account/reset-password?member={id}&code={forged}", "form#reset",
            new Dictionary<string, string> { ["Password"] = "a brand new passphrase for spring" });
        Assert.Null(reset.Document.QuerySelector("form#reset"));
        var garbage = await visitor.GetAsync($"/account/reset-password?member={id}&code=%%%not-base64");
        Assert.Equal(HttpStatusCode.OK, garbage.Status);
        Assert.Null(garbage.Document.QuerySelector("form#reset"));
        await app.NewVisitor().SignInAsync(email, Members.Password);

        // An unconfirmed account stays unconfirmed, and an address change by a forged link does not happen.
        var (newEmail, newPseudonym) = Members.NewIdentity();
        await visitor.SubmitAsync("/account/register", "form#register", new Dictionary<string, string>
        {
            ["Form.Email"] = newEmail, ["Form.Pseudonym"] = newPseudonym, ["Form.Password"] = Members.Password,
        });
        var newId = await MemberIdAsync(app, newEmail);
        var confirm = await visitor.GetAsync($"/account/confirm-email?member={MemberKey(app, newId)}&code={forged}");
        Assert.NotNull(confirm.Document.QuerySelector("form#resend"));
        var change = await visitor.GetAsync($"/account/confirm-email?member={id}&code={forged}&change=true");
        Assert.NotNull(change.Document.QuerySelector("form#resend"));
        Assert.False(await app.WithDbAsync(db => Task.FromResult(db.Users.Single(m => m.Id == newId).EmailConfirmed)));
        Assert.Equal(email, await app.WithDbAsync(db => Task.FromResult(db.Users.Single(m => m.Id == memberId).Email)));
        // The real link still works: the forgeries did not spoil it.
        var real = await visitor.GetAsync(app.Mail.LinkTo(newEmail, "/account/confirm-email").PathAndQuery);
        Assert.Null(real.Document.QuerySelector("form#resend"));
        Assert.True(await app.WithDbAsync(db => Task.FromResult(db.Users.Single(m => m.Id == newId).EmailConfirmed)));
    }

    [Fact]
    public async Task The_door_rate_limit_answers_429_with_a_clear_page_and_Retry_After()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Accounts:DoorRequestsPerMinute"] = "3" });
        using var visitor = app.NewVisitor();
        var login = await visitor.GetAsync("/account/login");
        var form = (IHtmlFormElement)login.Document.QuerySelector("form#login")!;
        var fields = new Dictionary<string, string> { ["Form.Email"] = "someone@example.org", ["Form.Password"] = "not the password at all" };
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await visitor.Http.SendAsync(Visitor.BuildRequest(form, login.Url, fields));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await visitor.Http.SendAsync(Visitor.BuildRequest(form, login.Url, fields));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture) > 0);
        Assert.StartsWith("text/html", refused.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Too many requests", document.QuerySelector("main h1")!.TextContent.Trim());
        // Reading pages is not a door knock.
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/account/login")).Status);
    }

    [Fact]
    public async Task The_session_and_antiforgery_cookies_are_Secure_and_the_session_HttpOnly_and_SameSite_Lax_by_default_outside_Development()
    {
        // The test defaults turn Secure off for plain HTTP; removing the setting gives the site's own default.
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Accounts:SecureCookies"] = null });
        var email = await AccountAsync(app);
        // A browser on HTTPS: it sends back the (Secure) antiforgery cookie, which a cookie jar on plain HTTP would keep.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Address };
        using var login = await browser.GetAsync("/account/login");
        var antiforgery = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery.Split(';').Select(a => a.Trim().ToLowerInvariant()));
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await login.Content.ReadAsStringAsync());
        using var request = Visitor.BuildRequest((IHtmlFormElement)page.QuerySelector("form#login")!, new Uri(app.Address, "/account/login"),
            new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = Members.Password });
        request.Headers.Add("Cookie", antiforgery.Split(';')[0]);

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("atlas.session=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
    }

    private static Task<PageResult> SignIn(Visitor visitor, string email, string password) =>
        visitor.SubmitAsync("/account/login", "form#login", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = password });

    private static Task<int> MemberIdAsync(AtlasApp app, string email) =>
        app.WithDbAsync(db => Task.FromResult(db.Users.Single(m => m.Email == email).Id));

    /// <summary>A confirmed account, not signed in anywhere.</summary>
    private static async Task<string> AccountAsync(AtlasApp app)
    {
        var (email, pseudonym) = Members.NewIdentity();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        var created = await users.CreateAsync(new Member
        {
            UserName = pseudonym, Email = email, EmailConfirmed = true, Pseudonym = pseudonym, PseudonymKey = Pseudonyms.Key(pseudonym), CreatedAt = DateTime.UtcNow,
        }, Members.Password);
        Assert.True(created.Succeeded);
        return email;
    }

    /// <summary>The account as the site's mail links name it.</summary>
    private static string MemberKey(AtlasApp app, int id) => AccountLinks.MemberKey(app.Services, id);

    private static byte[] RandomBytes(int count) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(count);

    /// <summary>
    /// The reset link as the site makes it (Identity's DataProtectorTokenProvider: creation time, member id, purpose and
    /// security stamp, protected with the provider's name as purpose), as if made at <paramref name="at"/>.
    /// </summary>
    private static async Task<string> ResetLinkMadeAtAsync(AtlasApp app, string email, DateTimeOffset at)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        var member = (await users.FindByEmailAsync(email))!;
        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(PasswordResetTokens.ProviderName);
        using var stream = new MemoryStream();
        await using (var writer = new BinaryWriter(stream, new UTF8Encoding(false, true), leaveOpen: true))
        {
            writer.Write(at.UtcTicks);
            writer.Write(member.Id.ToString(CultureInfo.InvariantCulture));
            writer.Write(UserManager<Member>.ResetPasswordTokenPurpose);
            writer.Write(await users.GetSecurityStampAsync(member));
        }
        var token = Convert.ToBase64String(protector.Protect(stream.ToArray()));
        return $"/account/reset-password?member={MemberKey(app, member.Id)}&code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";
    }
}
