using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Tests.Features.Moderation;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Admin;

/// <summary>
/// Nobody judges their own case: an admin cannot grant or revoke a role of their own account, nor vouch for their own
/// reviewer credentials, on the admin pages (their own account is listed without a role form; a forged post is refused
/// with a message and 403) and nothing changes. Another admin, or the operator's verbs, can.
/// </summary>
public sealed class OwnRoleTests
{
    private static Task<List<string>> RolesAsync(AtlasApp app, int memberId) =>
        app.WithDbAsync(db => db.UserRoles.Where(r => r.UserId == memberId).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).OrderBy(n => n).ToListAsync());

    private static async Task<(HttpStatusCode Status, string Errors)> PostAsync(Visitor visitor, string path, Dictionary<string, string> fields)
    {
        var page = await visitor.GetAsync("/account/location");
        fields[Visitor.AntiforgeryField] = page.Document.QuerySelector($"form#location input[name='{Visitor.AntiforgeryField}']")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent(fields);
        using var response = await visitor.Http.PostAsync(path, content);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.QuerySelector(".form-errors")?.TextContent.Trim() ?? "");
    }

    [Fact]
    public async Task An_admin_cannot_change_their_own_roles_or_vouch_for_their_own_credentials_and_another_admin_can()
    {
        await using var app = await AtlasApp.StartAsync();
        using var admin = await app.ConsentedMemberAsync(Roles.Admin);
        using var colleague = await app.ConsentedMemberAsync(Roles.Admin);
        var mine = await admin.Visitor.GetAsync("/admin?q=" + admin.Pseudonym);
        var row = mine.Document.QuerySelectorAll(".admin-accounts li").Single(li => li.QuerySelector("h3")!.TextContent.Contains(admin.Pseudonym, StringComparison.Ordinal));
        Assert.Null(row.QuerySelector("form.role-change"));
        Assert.NotNull(row.QuerySelector(".own-account"));
        Assert.NotNull((await colleague.Visitor.GetAsync("/admin?q=" + admin.Pseudonym)).Document.QuerySelector("form.role-change"));

        var id = admin.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (role, change) in new[] { (Roles.Moderator, "grant"), (Roles.Reviewer, "grant"), (Roles.Admin, "revoke") })
        {
            var (status, errors) = await PostAsync(admin.Visitor, "/admin", new() { ["member"] = id, ["role"] = role, ["change"] = change, ["note"] = "self" });
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Contains("You cannot change the roles or reviewer profile of your own account", errors, StringComparison.Ordinal);
        }
        var (profileStatus, profileErrors) = await PostAsync(admin.Visitor, "/admin/reviewers", new()
        {
            ["Form.Pseudonym"] = admin.Pseudonym, ["Form.FullName"] = "Dr. Myself", ["Form.Credentials"] = "MD", ["Form.CredentialsCheck"] = "I checked myself",
        });
        Assert.Equal(HttpStatusCode.Forbidden, profileStatus);
        Assert.Contains("You cannot change the roles or reviewer profile of your own account", profileErrors, StringComparison.Ordinal);

        Assert.Equal([Roles.Admin], await RolesAsync(app, admin.Id));
        Assert.False(await app.WithDbAsync(db => db.Reviewers.AnyAsync(r => r.MemberId == admin.Id)));
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.SubjectId == admin.Id && (a.Action.StartsWith("role.") || a.Action.StartsWith("reviewer.")))));

        // Another admin decides it.
        var theirs = await colleague.Visitor.GetAsync("/admin?q=" + admin.Pseudonym);
        await colleague.Visitor.SubmitAsync(theirs.Document, theirs.Url, "form.role-change", new Dictionary<string, string> { ["role"] = Roles.Moderator, ["change"] = "grant" });
        Assert.Equal([Roles.Admin, Roles.Moderator], await RolesAsync(app, admin.Id));
    }
}
