using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

public sealed class AdminTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    [Fact]
    public async Task Operators_create_accounts_with_the_password_from_standard_input_and_grant_and_revoke_roles()
    {
        var (email, pseudonym) = Members.NewIdentity("operator");
        var created = await Verb.RunWithInputAsync(App.Database, Members.Password + "\n", "create-account", "--email", email, "--pseudonym", pseudonym, "--role", "moderator");
        Assert.True(created.ExitCode == 0, created.Error);
        Assert.DoesNotContain(email, created.Output + created.Error, StringComparison.OrdinalIgnoreCase);

        using var visitor = App.NewVisitor();
        await visitor.SignInAsync(email);
        Assert.Contains("moderator", await RolesAsync(pseudonym));

        var granted = await Verb.RunAsync(App.Database, "grant-role", "--email", email, "--role", "editor");
        Assert.True(granted.ExitCode == 0, granted.Error);
        var revoked = await Verb.RunAsync(App.Database, "revoke-role", "--email", email, "--role", "moderator");
        Assert.True(revoked.ExitCode == 0, revoked.Error);
        Assert.Equal(["editor"], await RolesAsync(pseudonym));

        // A revocation ends the member's sessions: no page keeps the old role.
        var hub = await visitor.GetAsync("/account");
        Assert.EndsWith("/account/login", hub.Url.AbsolutePath, StringComparison.Ordinal);

        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Subject == pseudonym).OrderBy(a => a.Id).Select(a => a.Action + " " + a.Detail + " by " + a.Actor).ToListAsync());
        Assert.Equal(["account.created  by operator", "role.granted moderator: create-account by operator", "role.granted editor by operator", "role.revoked moderator by operator"], audit);
    }

    [Theory]
    [InlineData("create-account", "--role", "overlord")]
    [InlineData("create-account", "--role", "reviewer")]
    public async Task Create_account_refuses_bad_roles_and_stores_nothing(params string[] args)
    {
        var (email, pseudonym) = Members.NewIdentity("refused");
        var result = await Verb.RunWithInputAsync(App.Database, Members.Password + "\n", [.. args.Take(1), "--email", email, "--pseudonym", pseudonym, .. args.Skip(1)]);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(m => m.Pseudonym == pseudonym)));
    }

    [Fact]
    public async Task Create_account_refuses_a_common_password_and_an_empty_one()
    {
        var (email, pseudonym) = Members.NewIdentity("weak");
        var weak = await Verb.RunWithInputAsync(App.Database, "password1234\n", "create-account", "--email", email, "--pseudonym", pseudonym);
        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("PasswordCommon", weak.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("password1234", weak.Error, StringComparison.Ordinal);
        var empty = await Verb.RunWithInputAsync(App.Database, "", "create-account", "--email", email, "--pseudonym", pseudonym);
        Assert.Equal(1, empty.ExitCode);
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(m => m.Pseudonym == pseudonym)));
    }

    [Fact]
    public async Task An_admin_grants_and_revokes_roles_on_the_admin_page_and_the_audit_says_who()
    {
        var (admin, _, adminName) = await App.MemberAsync(Roles.Admin);
        var (member, _, memberName) = await App.MemberAsync();
        using var _a = admin;
        using var _m = member;

        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/admin")).Status);

        var page = await admin.GetAsync("/admin?q=" + memberName);
        var granted = await admin.SubmitAsync(page.Document, page.Url, "form.role-change", new Dictionary<string, string> { ["role"] = "moderator", ["change"] = "grant" });
        Assert.Equal(HttpStatusCode.OK, granted.Status);
        Assert.Contains("moderator", await RolesAsync(memberName));

        // The reviewer role needs a note on how the credentials were checked.
        var refused = await admin.SubmitAsync(granted.Document, granted.Url, "form.role-change", new Dictionary<string, string> { ["role"] = "reviewer", ["change"] = "grant" });
        Assert.NotNull(refused.Document.QuerySelector(".form-errors"));
        Assert.DoesNotContain("reviewer", await RolesAsync(memberName));
        var reviewer = await admin.SubmitAsync(refused.Document, refused.Url, "form.role-change",
            new Dictionary<string, string> { ["role"] = "reviewer", ["change"] = "grant", ["note"] = "Medical council register checked by phone" });
        Assert.Contains("reviewer", await RolesAsync(memberName));

        var entry = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Subject == memberName && a.Action == "role.granted").OrderBy(a => a.Id).LastAsync());
        Assert.Equal(adminName, entry.Actor);
        Assert.Equal("reviewer: Medical council register checked by phone", entry.Detail);
        Assert.Contains(memberName, reviewer.Document.QuerySelector(".admin-accounts")!.TextContent, StringComparison.Ordinal);
    }

    private Task<List<string>> RolesAsync(string pseudonym) =>
        App.WithDbAsync(db => db.UserRoles.Where(r => db.Users.Any(m => m.Id == r.UserId && m.Pseudonym == pseudonym))
            .Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).OrderBy(n => n).ToListAsync());
}
