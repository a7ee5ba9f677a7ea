using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Features.Accounts;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>People with accounts, made the way a person makes them: through the pages, with the mail they receive.</summary>
public static class Members
{
    public const string Password = "correct horse battery staple";

    private static int _next;

    /// <summary>A fresh address and pseudonym no other test in this process uses.</summary>
    public static (string Email, string Pseudonym) NewIdentity(string prefix = "member")
    {
        var n = Interlocked.Increment(ref _next);
        return ($"{prefix}{n}-{Guid.NewGuid():N}@example.org".ToLowerInvariant(), $"{prefix}_{n}_{Guid.NewGuid().ToString("N")[..6]}");
    }

    /// <summary>Signs up through /account/register, opens the confirmation link from the mail, and signs in.</summary>
    public static async Task<Visitor> SignedUpAsync(this AtlasApp app, string? email = null, string? pseudonym = null, string password = Password)
    {
        var identity = NewIdentity();
        email ??= identity.Email;
        pseudonym ??= identity.Pseudonym;
        var visitor = app.NewVisitor();
        var registered = await visitor.SubmitAsync("/account/register", "form#register", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Pseudonym"] = pseudonym,
            ["Form.Password"] = password,
        });
        Assert.True(registered.Url.AbsolutePath.EndsWith("/account/check-email", StringComparison.Ordinal), $"sign-up of {pseudonym} ended on {registered.Url}: {registered.Document.QuerySelector(".form-errors")?.TextContent}");
        var confirmed = await visitor.GetAsync(app.Mail.LinkTo(email, "/account/confirm-email").PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        await visitor.SignInAsync(email, password);
        return visitor;
    }

    public static async Task<PageResult> SignInAsync(this Visitor visitor, string email, string password = Password)
    {
        var page = await visitor.SubmitAsync("/account/login", "form#login", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = password,
        });
        Assert.True(page.Url.AbsolutePath == "/account", $"sign-in of {email} ended on {page.Url}: {page.Document.QuerySelector(".form-errors")?.TextContent}");
        return page;
    }

    /// <summary>An account made directly (confirmed), for tests about what comes after signing up.</summary>
    public static async Task<(Visitor Visitor, string Email, string Pseudonym)> MemberAsync(this AtlasApp app, params string[] roles)
    {
        var (email, pseudonym) = NewIdentity(roles.Length > 0 ? roles[0][..3] : "member");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
            var member = new Member
            {
                UserName = pseudonym, Email = email, EmailConfirmed = true, Pseudonym = pseudonym,
                PseudonymKey = Pseudonyms.Key(pseudonym), CreatedAt = DateTime.UtcNow,
            };
            var created = await users.CreateAsync(member, Password);
            Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Code)));
            foreach (var role in roles)
            {
                Assert.True((await users.AddToRoleAsync(member, role)).Succeeded);
            }
        }
        var visitor = app.NewVisitor();
        await visitor.SignInAsync(email);
        return (visitor, email, pseudonym);
    }
}
