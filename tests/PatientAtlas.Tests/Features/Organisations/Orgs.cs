using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Organisations;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;
using PatientAtlas.Tests.Features.Moderation;

namespace PatientAtlas.Tests.Features.Organisations;

/// <summary>Organisations made as a member makes them: on /account/organisations/new, without JavaScript.</summary>
internal static class Orgs
{
    public static Dictionary<string, string> Fields(string name, string conditions, string kind = "Organisation", string website = "https://www.example.org/about",
        string country = "ES", string city = "Madrid", string description = "We meet every month.") => new()
    {
        ["Form.Name"] = name, ["Form.Kind"] = kind, ["Form.Website"] = website, ["Form.Country"] = country, ["Form.City"] = city,
        ["Form.Description"] = description, ["Form.Conditions"] = conditions,
    };

    public static Task<PageResult> SubmitNewAsync(this Visitor visitor, Dictionary<string, string> fields) =>
        visitor.SubmitAsync("/account/organisations/new", "form#organisation-form", fields);

    /// <summary>Creates it and answers its slug (the newest of the member's list).</summary>
    public static async Task<string> CreateAsync(this Visitor visitor, AtlasApp app, Dictionary<string, string> fields)
    {
        var saved = await visitor.SubmitNewAsync(fields);
        Assert.True(saved.Status == HttpStatusCode.OK && saved.Url.AbsolutePath == "/account/organisations",
            $"{saved.Status} {saved.Url}: {saved.Document.QuerySelector(".form-errors")?.TextContent}");
        Assert.NotNull(saved.Document.QuerySelector("#organisation-done"));
        return await app.WithDbAsync(db => db.Organisations.Where(o => o.Name == fields["Form.Name"].Trim()).OrderByDescending(o => o.Id).Select(o => o.Slug).FirstAsync());
    }

    /// <summary>
    /// A member in good standing (two published posts, four days old: their profile publishes at once unless a safety net
    /// holds it), who consented, signed in.
    /// </summary>
    public static async Task<(Visitor Visitor, string Email, string Pseudonym)> KeeperAsync(this AtlasApp app, params string[] roles)
    {
        var member = await app.FreshKeeperAsync(roles);
        await app.GiveStandingAsync(await app.MemberIdAsync(member.Email), member.Pseudonym);
        return member;
    }

    /// <summary>A brand-new member who consented, signed in: their profile waits for a moderator.</summary>
    public static async Task<(Visitor Visitor, string Email, string Pseudonym)> FreshKeeperAsync(this AtlasApp app, params string[] roles)
    {
        var member = await app.MemberAsync(roles);
        await member.Visitor.ConsentAsync();
        return member;
    }

    public static Task<Organisation?> FindAsync(AtlasApp app, string slug) =>
        app.WithDbAsync(db => db.Organisations.AsNoTracking().Include(o => o.Conditions).FirstOrDefaultAsync(o => o.Slug == slug));
}
