using System.Net;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

public sealed class SignUpTests
{
    [Fact]
    public async Task A_new_member_signs_up_confirms_by_mail_and_signs_in()
    {
        await using var app = await AtlasApp.StartAsync();
        var (email, pseudonym) = Members.NewIdentity();
        using var visitor = await app.SignedUpAsync(email, pseudonym);

        var hub = await visitor.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, hub.Status);
        Assert.Contains(pseudonym, hub.Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var mail = Assert.Single(app.Mail.To(email));
        Assert.NotNull(mail.TextBody);
        Assert.NotNull(mail.HtmlBody);
    }

    [Fact]
    public async Task Signing_up_with_an_address_that_has_an_account_answers_exactly_like_a_new_sign_up()
    {
        await using var app = await AtlasApp.StartAsync();
        var (_, ownerEmail, ownerPseudonym) = await app.MemberAsync();

        var fresh = Members.NewIdentity();
        using var newcomer = app.NewVisitor();
        var created = await Register(newcomer, fresh.Email, fresh.Pseudonym);
        using var prober = app.NewVisitor();
        var taken = await Register(prober, ownerEmail, Members.NewIdentity().Pseudonym);

        Assert.Equal(created.Status, taken.Status);
        Assert.Equal(created.Url.AbsolutePath, taken.Url.AbsolutePath);
        Assert.Equal(created.Redirects.Select(r => r.AbsolutePath), taken.Redirects.Select(r => r.AbsolutePath));
        Assert.Equal(created.MainText(), taken.MainText());
        // The owner learns of it by mail; no second account exists.
        var normalized = ownerEmail.ToUpperInvariant();
        Assert.Contains(app.Mail.To(ownerEmail), m => m.TextBody!.Contains("/account/forgot-password", StringComparison.Ordinal));
        Assert.Equal(1, app.Scoped(db => db.Users.Count(m => m.NormalizedEmail == normalized)));
        Assert.DoesNotContain(ownerPseudonym, taken.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forgot_password_answers_exactly_the_same_for_an_unknown_address()
    {
        await using var app = await AtlasApp.StartAsync();
        var (_, email, _) = await app.MemberAsync();
        var unknown = Members.NewIdentity().Email;

        using var first = app.NewVisitor();
        var known = await first.SubmitAsync("/account/forgot-password", "form#forgot", new Dictionary<string, string> { ["Email"] = email });
        using var second = app.NewVisitor();
        var stranger = await second.SubmitAsync("/account/forgot-password", "form#forgot", new Dictionary<string, string> { ["Email"] = unknown });

        Assert.Equal(HttpStatusCode.OK, known.Status);
        Assert.Equal(known.Status, stranger.Status);
        Assert.Equal(known.Url.AbsolutePath, stranger.Url.AbsolutePath);
        Assert.Equal(known.MainText(), stranger.MainText());
        Assert.Single(app.Mail.To(email));
        Assert.Empty(app.Mail.To(unknown));
    }

    /// <summary>
    /// Eight people choose the same pseudonym at the same instant: each passes the validators before any has saved, and
    /// the database's unique index decides. One account is made; the others see the usual field error, never a 500.
    /// </summary>
    [Fact]
    public async Task Sign_ups_racing_for_one_pseudonym_make_one_account_and_field_errors_for_the_rest()
    {
        await using var app = await AtlasApp.StartAsync();
        var (_, pseudonym) = Members.NewIdentity();
        var shouted = pseudonym.ToUpperInvariant();
        var visitors = Enumerable.Range(0, 8).Select(_ => app.NewVisitor()).ToList();
        try
        {
            var pages = await Task.WhenAll(visitors.Select((v, i) => Register(v, Members.NewIdentity().Email, i % 2 == 0 ? pseudonym : shouted, Members.Password)));

            Assert.All(pages, page => Assert.Equal(HttpStatusCode.OK, page.Status));
            Assert.Single(pages, page => page.Url.AbsolutePath.EndsWith("/account/check-email", StringComparison.Ordinal));
            Assert.All(pages.Where(page => page.Url.AbsolutePath.EndsWith("/account/register", StringComparison.Ordinal)),
                page => Assert.NotNull(page.Document.QuerySelector("#Form_Pseudonym-error")));
            Assert.Equal(1, app.Scoped(db => db.Users.Count(m => m.Pseudonym == pseudonym || m.Pseudonym == shouted)));
        }
        finally
        {
            visitors.ForEach(v => v.Dispose());
        }
    }

    [Fact]
    public async Task A_common_password_is_refused_and_nothing_is_stored()
    {
        await using var app = await AtlasApp.StartAsync();
        const string Common = "password1234";
        Assert.True(CommonPasswords.IsCommon(Common));
        var (email, pseudonym) = Members.NewIdentity();
        using var visitor = app.NewVisitor();

        var page = await Register(visitor, email, pseudonym, Common);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.EndsWith("/account/register", page.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("#Form_Password-error"));
        Assert.Equal("true", page.Document.QuerySelector("#Form_Password")!.GetAttribute("aria-invalid"));
        Assert.Equal(0, app.Scoped(db => db.Users.Count(m => m.Pseudonym == pseudonym)));
        Assert.Empty(app.Mail.To(email));
    }

    [Fact]
    public async Task A_long_passphrase_is_accepted_as_typed()
    {
        await using var app = await AtlasApp.StartAsync();
        var passphrase = "the quiet heron waits by the cold river while autumn leaves drift slowly past the old stone mill";
        Assert.True(passphrase.Length > 64);
        var (email, pseudonym) = Members.NewIdentity();

        using var visitor = await app.SignedUpAsync(email, pseudonym, passphrase);

        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/account")).Status);
    }

    private static Task<PageResult> Register(Visitor visitor, string email, string pseudonym, string password = Members.Password) =>
        visitor.SubmitAsync("/account/register", "form#register", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Pseudonym"] = pseudonym,
            ["Form.Password"] = password,
        });
}
