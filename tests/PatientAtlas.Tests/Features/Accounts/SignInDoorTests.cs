using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>
/// What a stranger learns and breaks at the sign-in and sign-up doors: every refusal costs one password check, wrong
/// passwords refuse a network and not the member, and bursts of sign-ups from one network are slowed.
/// </summary>
public sealed class SignInDoorTests
{
    private const string NetworkA = "203.0.113.7";
    private const string SameNetworkAsA = "203.0.113.201";
    private const string NetworkB = "198.51.100.20";

    /// <summary>The test's clients call through a proxy on loopback, which says who they are (X-Forwarded-For).</summary>
    private static readonly Dictionary<string, string?> BehindProxy = new()
    {
        ["Site:KnownProxies:0"] = "127.0.0.1",
        ["Accounts:LockoutFailures"] = "5",
    };

    [Fact]
    public async Task Unknown_wrong_refused_and_locked_sign_ins_each_check_one_password_and_read_the_same()
    {
        var hasher = new CountingHasher();
        await using var app = await AtlasApp.StartAsync(settings: BehindProxy,
            services: s => s.Replace(ServiceDescriptor.Singleton<IPasswordHasher<Member>>(hasher)));
        var (_, email, _) = await app.MemberAsync();
        var (_, lockedEmail, _) = await app.MemberAsync();
        await LockAccountAsync(app, lockedEmail);
        using var visitor = From(app, NetworkA);

        var unknown = await CountedAsync(hasher, () => SignIn(visitor, Members.NewIdentity().Email, Members.Password));
        var wrong = new List<(PageResult Page, int Checks)>();
        for (var i = 0; i < 5; i++)
        {
            wrong.Add(await CountedAsync(hasher, () => SignIn(visitor, email, "not the password at all")));
        }
        var refusedNetwork = await CountedAsync(hasher, () => SignIn(visitor, email, Members.Password));
        var unknownAfter = await CountedAsync(hasher, () => SignIn(visitor, Members.NewIdentity().Email, Members.Password));
        var lockedAccount = await CountedAsync(hasher, () => SignIn(visitor, lockedEmail, Members.Password));
        using var elsewhere = From(app, NetworkB);
        var right = await CountedAsync(hasher, () => SignIn(elsewhere, email, Members.Password));

        Assert.Equal(1, unknown.Checks);
        Assert.NotEmpty(unknown.Page.Errors());
        foreach (var (page, checks) in wrong.Append(refusedNetwork).Append(unknownAfter).Append(lockedAccount))
        {
            Assert.Equal(1, checks);
            Assert.Equal(unknown.Page.Status, page.Status);
            Assert.Equal(unknown.Page.Url.AbsolutePath, page.Url.AbsolutePath);
            Assert.Equal(unknown.Page.MainText(), page.MainText());
        }
        Assert.Equal(1, right.Checks);
        Assert.Equal("/account", right.Page.Url.AbsolutePath);
    }

    [Fact]
    public async Task Wrong_passwords_from_one_network_do_not_lock_the_member_out_of_another()
    {
        await using var app = await AtlasApp.StartAsync(settings: BehindProxy);
        var (_, email, _) = await app.MemberAsync();
        using var stranger = From(app, NetworkA);
        for (var i = 0; i < 5; i++)
        {
            Assert.NotEmpty((await SignIn(stranger, email, "not the password at all")).Errors());
        }

        using var member = From(app, NetworkB);
        var fromB = await SignIn(member, email, Members.Password);
        using var neighbour = From(app, SameNetworkAsA);
        var fromA = await SignIn(neighbour, email, Members.Password);

        Assert.Equal("/account", fromB.Url.AbsolutePath);
        Assert.EndsWith("/account/login", fromA.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.NotEmpty(fromA.Errors());
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(m => m.Email == email).Select(m => m.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task A_refused_network_signs_in_again_once_LockoutMinutes_pass_without_a_try()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = new Dictionary<string, string?>(BehindProxy) { ["Accounts:LockoutMinutes"] = "15" };
        await using var app = await AtlasApp.StartAsync(settings: settings, clock: clock);
        var (_, email, _) = await app.MemberAsync();
        using var visitor = From(app, NetworkA);
        for (var i = 0; i < 5; i++)
        {
            await SignIn(visitor, email, "not the password at all");
        }

        clock.Advance(TimeSpan.FromMinutes(14));
        var stillRefused = await SignIn(visitor, email, Members.Password);
        // That try counted too: the quarter of an hour starts again from it.
        clock.Advance(TimeSpan.FromMinutes(14));
        var refusedAgain = await SignIn(visitor, email, Members.Password);
        clock.Advance(TimeSpan.FromMinutes(16));
        var back = await SignIn(visitor, email, Members.Password);

        Assert.NotEmpty(stillRefused.Errors());
        Assert.NotEmpty(refusedAgain.Errors());
        Assert.Equal("/account", back.Url.AbsolutePath);
    }

    [Fact]
    public async Task A_member_refused_on_their_network_gets_in_through_a_reset_by_mail()
    {
        await using var app = await AtlasApp.StartAsync(settings: BehindProxy);
        var (_, email, _) = await app.MemberAsync();
        using var visitor = From(app, NetworkA);
        for (var i = 0; i < 5; i++)
        {
            await SignIn(visitor, email, "not the password at all");
        }
        Assert.NotEmpty((await SignIn(visitor, email, Members.Password)).Errors());

        await visitor.SubmitAsync("/account/forgot-password", "form#forgot", new Dictionary<string, string> { ["Email"] = email });
        var link = app.Mail.LinkTo(email, "/account/reset-password").PathAndQuery;
        var done = await visitor.SubmitAsync(link, "form#reset", new Dictionary<string, string> { ["Password"] = "a brand new passphrase for spring" });
        Assert.NotNull(done.Document.QuerySelector("main [role=status]"));

        await visitor.SignInAsync(email, "a brand new passphrase for spring");
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<PatientAtlas.Features.Accounts.Security.SignInFailure>().CountAsync(f => f.Network.StartsWith("203.0.113."))));
    }

    [Fact]
    public async Task Tries_on_a_member_account_are_in_their_download_and_go_with_the_account()
    {
        await using var app = await AtlasApp.StartAsync(settings: BehindProxy);
        var (member, email, _) = await app.MemberAsync();
        using var _ = member;
        using (var stranger = From(app, NetworkA))
        {
            await SignIn(stranger, email, "not the password at all");
            await SignIn(stranger, email, "not the password at all");
        }
        var id = await app.WithDbAsync(db => db.Users.Where(m => m.Email == email).Select(m => m.Id).SingleAsync());

        var page = await member.GetAsync("/account/data");
        using var download = await member.Http.GetAsync(page.Document.QuerySelector("a#download")!.GetAttribute("href")!);
        using var json = System.Text.Json.JsonDocument.Parse(await download.Content.ReadAsStringAsync());
        var tries = Assert.Single(json.RootElement.GetProperty("signInFailures").EnumerateArray());
        Assert.Equal("203.0.113.0/24", tries.GetProperty("network").GetString());
        Assert.Equal(2, tries.GetProperty("failures").GetInt32());

        await member.SubmitAsync("/account/data", "form#delete-account", new Dictionary<string, string> { ["Choice"] = "delete", ["Password"] = Members.Password });
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(m => m.Id == id)));
        Assert.False(await app.WithDbAsync(db => db.Set<PatientAtlas.Features.Accounts.Security.SignInFailure>().AnyAsync(f => f.MemberId == id)));
    }

    [Fact]
    public async Task Sign_ups_from_one_network_are_slowed_whichever_of_its_addresses_they_use()
    {
        var settings = new Dictionary<string, string?>(BehindProxy) { ["Accounts:SignUpsPerNetworkPerHour"] = "2" };
        await using var app = await AtlasApp.StartAsync(settings: settings);

        Assert.Equal(HttpStatusCode.Redirect, (await SignUpAsync(app, "203.0.113.5")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await SignUpAsync(app, "203.0.113.6")).Status);
        var third = await SignUpAsync(app, "203.0.113.250");
        var otherNetwork = await SignUpAsync(app, "198.51.100.9");
        Assert.Equal(HttpStatusCode.Redirect, (await SignUpAsync(app, "2001:db8:1:2::1")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await SignUpAsync(app, "2001:db8:1:2:ffff::1")).Status);
        var thirdV6 = await SignUpAsync(app, "2001:db8:1:2:abcd:ef::9");
        var otherV6 = await SignUpAsync(app, "2001:db8:1:3::1");

        foreach (var slowed in new[] { third, thirdV6 })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, slowed.Status);
            Assert.InRange(slowed.RetryAfterSeconds, 1, 3600);
            Assert.Equal("Too many requests", slowed.Heading);
            Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(m => m.Email == slowed.Email)));
            Assert.Empty(app.Mail.To(slowed.Email));
        }
        Assert.Equal(HttpStatusCode.Redirect, otherNetwork.Status);
        Assert.Equal(HttpStatusCode.Redirect, otherV6.Status);
        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(m => m.Email == otherV6.Email)));
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_Secure_whenever_the_session_cookies_are()
    {
        await using var secure = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Accounts:SecureCookies"] = "true" });
        await using var plain = await AtlasApp.StartAsync();

        var secureCookie = await AntiforgeryCookieAsync(secure);
        var plainCookie = await AntiforgeryCookieAsync(plain);

        Assert.Contains("secure", secureCookie);
        Assert.Contains("httponly", secureCookie);
        Assert.Contains("samesite=strict", secureCookie);
        Assert.DoesNotContain("secure", plainCookie);
    }

    private static async Task<List<string>> AntiforgeryCookieAsync(AtlasApp app)
    {
        using var response = await app.Client.GetAsync("/account/login");
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        return cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
    }

    private sealed record SignUp(HttpStatusCode Status, string Email, int RetryAfterSeconds, string Heading);

    /// <summary>One sign-up from <paramref name="address"/>, answered without following its redirect.</summary>
    private static async Task<SignUp> SignUpAsync(AtlasApp app, string address)
    {
        using var visitor = From(app, address);
        var (email, pseudonym) = Members.NewIdentity("burst");
        var page = await visitor.GetAsync("/account/register");
        using var request = Visitor.BuildRequest((IHtmlFormElement)page.Document.QuerySelector("form#register")!, page.Url, new Dictionary<string, string>
        {
            ["Form.Email"] = email, ["Form.Pseudonym"] = pseudonym, ["Form.Password"] = Members.Password,
        });
        using var response = await visitor.Http.SendAsync(request);
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : 0;
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return new SignUp(response.StatusCode, email, retryAfter, document.QuerySelector("main h1")?.TextContent.Trim() ?? "");
    }

    /// <summary>A reader whose requests reach the site from <paramref name="address"/> (through the loopback proxy).</summary>
    private static Visitor From(AtlasApp app, string address)
    {
        var visitor = app.NewVisitor();
        visitor.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return visitor;
    }

    private static Task<PageResult> SignIn(Visitor visitor, string email, string password) =>
        visitor.SubmitAsync("/account/login", "form#login", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = password });

    private static async Task<(PageResult Page, int Checks)> CountedAsync(CountingHasher hasher, Func<Task<PageResult>> signIn)
    {
        var before = hasher.Verifications;
        var page = await signIn();
        return (page, hasher.Verifications - before);
    }

    /// <summary>Locks the account itself, as wrong second-step codes do (only someone with the password reaches them).</summary>
    private static async Task LockAccountAsync(AtlasApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        var member = (await users.FindByEmailAsync(email))!;
        Assert.True((await users.SetLockoutEndDateAsync(member, DateTimeOffset.UtcNow.AddHours(1))).Succeeded);
    }

    /// <summary>The site's own hasher, counting how often a password is checked.</summary>
    private sealed class CountingHasher : IPasswordHasher<Member>
    {
        private readonly PasswordHasher<Member> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(Member user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(Member user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
