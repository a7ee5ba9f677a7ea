using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>Two-step sign-in: setting it up, signing in with an app code or a recovery code, the lockout, turning it off.</summary>
public sealed class SecurityTwoFactorTests
{
    [Fact]
    public async Task Two_step_sign_in_from_setup_to_recovery_codes_to_turning_it_off()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, pseudonym) = await app.MemberAsync();
        using var _ = visitor;

        // Setup: a QR code drawn by the site (a PNG data: URI), the same key as text, and a first code to turn it on.
        var setup = await visitor.GetAsync("/account/two-factor");
        var image = setup.Document.QuerySelector("img.qr-code")!.GetAttribute("src")!;
        Assert.StartsWith("data:image/png;base64,", image, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, Convert.FromBase64String(image["data:image/png;base64,".Length..])[..4]);
        Assert.False(string.IsNullOrWhiteSpace(setup.Document.QuerySelector("img.qr-code")!.GetAttribute("alt")));
        var key = setup.Document.QuerySelector("#shared-key")!.TextContent;
        Assert.DoesNotContain(email, setup.Document.Body!.InnerHtml, StringComparison.OrdinalIgnoreCase);

        var wrong = await visitor.SubmitAsync(setup.Document, setup.Url, "form#enable", new Dictionary<string, string> { ["Code"] = Totp.WrongCode(key, Now(app)) });
        Assert.NotNull(wrong.Document.QuerySelector("#Code-error"));
        Assert.NotNull(wrong.Document.QuerySelector("form#enable"));

        var enabled = await visitor.SubmitAsync(wrong.Document, wrong.Url, "form#enable", new Dictionary<string, string> { ["Code"] = Totp.Code(key, Now(app)) });
        var codes = enabled.Document.QuerySelectorAll(".recovery-codes li code").Select(c => c.TextContent).ToList();
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        // Shown once: the page afterwards says how many are left, not which.
        var later = await visitor.GetAsync("/account/two-factor");
        Assert.Empty(later.Document.QuerySelectorAll(".recovery-codes"));
        Assert.DoesNotContain(codes[0], later.Document.Body!.InnerHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/account")).Status);

        // Signing in now takes a code after the password; a wrong one is refused.
        using var phone = app.NewVisitor();
        var second = await PasswordAsync(phone, email);
        Assert.EndsWith("/account/login/two-factor", second.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Http.GetAsync("/account")).StatusCode);
        var refused = await phone.SubmitAsync(second.Document, second.Url, "form#two-factor", new Dictionary<string, string> { ["Code"] = Totp.WrongCode(key, Now(app)) });
        Assert.NotEmpty(refused.Errors());
        var signedIn = await phone.SubmitAsync(refused.Document, refused.Url, "form#two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, Now(app)) });
        Assert.Equal("/account", signedIn.Url.AbsolutePath);
        Assert.Contains(pseudonym, signedIn.MainText(), StringComparison.Ordinal);

        // A recovery code works once (typed in lower case with spaces, as people do).
        using var laptop = app.NewVisitor();
        var step = await PasswordAsync(laptop, email);
        var recovered = await laptop.SubmitAsync(step.Document, step.Url, "form#two-factor", new Dictionary<string, string> { ["Code"] = " " + codes[3].ToLowerInvariant() + " " });
        Assert.Equal("/account", recovered.Url.AbsolutePath);
        using var thief = app.NewVisitor();
        var again = await PasswordAsync(thief, email);
        var reused = await thief.SubmitAsync(again.Document, again.Url, "form#two-factor", new Dictionary<string, string> { ["Code"] = codes[3] });
        Assert.EndsWith("/account/login/two-factor", reused.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.NotEmpty(reused.Errors());
        Assert.Contains("9", (await visitor.GetAsync("/account/two-factor")).Document.QuerySelector("#codes-left")!.TextContent, StringComparison.Ordinal);

        // New codes replace the old ones.
        var renewed = await visitor.SubmitAsync("/account/two-factor", "form#new-codes");
        var newCodes = renewed.Document.QuerySelectorAll(".recovery-codes li code").Select(c => c.TextContent).ToList();
        Assert.Equal(10, newCodes.Count);
        using var stale = app.NewVisitor();
        var staleStep = await PasswordAsync(stale, email);
        Assert.NotEmpty((await stale.SubmitAsync(staleStep.Document, staleStep.Url, "form#two-factor", new Dictionary<string, string> { ["Code"] = codes[5] })).Errors());
        Assert.Equal("/account", (await stale.SubmitAsync(staleStep.Document, staleStep.Url, "form#two-factor", new Dictionary<string, string> { ["Code"] = newCodes[0] })).Url.AbsolutePath);

        // Turning it off asks for the password.
        var notOff = await visitor.SubmitAsync("/account/two-factor", "form#disable", new Dictionary<string, string> { ["Password"] = "not the password at all" });
        Assert.NotNull(notOff.Document.QuerySelector("#Password-error"));
        var off = await visitor.SubmitAsync("/account/two-factor", "form#disable", new Dictionary<string, string> { ["Password"] = Members.Password });
        Assert.NotNull(off.Document.QuerySelector("form#enable"));
        Assert.NotEqual(key, off.Document.QuerySelector("#shared-key")!.TextContent);
        using var plain = app.NewVisitor();
        await plain.SignInAsync(email);
    }

    [Fact]
    public async Task Wrong_codes_count_toward_the_lockout()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Accounts:LockoutFailures"] = "3" });
        var (visitor, email, _) = await app.MemberAsync();
        using var _ = visitor;
        var setup = await visitor.GetAsync("/account/two-factor");
        var key = setup.Document.QuerySelector("#shared-key")!.TextContent;
        await visitor.SubmitAsync(setup.Document, setup.Url, "form#enable", new Dictionary<string, string> { ["Code"] = Totp.Code(key, Now(app)) });

        using var attacker = app.NewVisitor();
        var step = await PasswordAsync(attacker, email);
        // Two wrong app codes and a wrong recovery code: three failures.
        foreach (var code in new[] { Totp.WrongCode(key, Now(app)), Totp.WrongCode(key, Now(app)), "BCDFG-HJKMN" })
        {
            step = await attacker.SubmitAsync(step.Document, step.Url, "form#two-factor", new Dictionary<string, string> { ["Code"] = code });
            Assert.NotEmpty(step.Errors());
        }
        var locked = await attacker.SubmitAsync(step.Document, step.Url, "form#two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, Now(app)) });

        Assert.EndsWith("/account/login/two-factor", locked.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(step.Errors(), locked.Errors());
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.Http.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task The_code_page_without_a_password_first_sends_back_to_sign_in()
    {
        await using var app = await AtlasApp.StartAsync();
        using var visitor = app.NewVisitor();

        var page = await visitor.GetAsync("/account/login/two-factor");

        Assert.EndsWith("/account/login", page.Url.AbsolutePath, StringComparison.Ordinal);
        var spanish = await visitor.GetAsync("/es/account/login/two-factor");
        Assert.Equal("/es/account/login", spanish.Url.AbsolutePath);
    }

    private static DateTimeOffset Now(AtlasApp app) => app.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    private static async Task<PageResult> PasswordAsync(Visitor visitor, string email)
    {
        var page = await visitor.SubmitAsync("/account/login", "form#login", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = Members.Password,
        });
        Assert.EndsWith("/account/login/two-factor", page.Url.AbsolutePath, StringComparison.Ordinal);
        return page;
    }
}
