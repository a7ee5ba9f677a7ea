using System.Net;
using Microsoft.Extensions.Time.Testing;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>Sessions: the list on the hub, ending one, signing out everywhere, and what a password change ends.</summary>
public sealed class SecuritySessionTests
{
    [Fact]
    public async Task Changing_the_password_ends_every_other_session_but_not_this_one()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AtlasApp.StartAsync(clock: clock);
        var (here, email, _) = await app.MemberAsync();
        using var _ = here;
        using var elsewhere = app.NewVisitor();
        await elsewhere.SignInAsync(email);

        var common = await here.SubmitAsync("/account/password", "form#change-password", new Dictionary<string, string>
        {
            ["Form.CurrentPassword"] = Members.Password, ["Form.NewPassword"] = "password1234",
        });
        Assert.NotNull(common.Document.QuerySelector("#Form_NewPassword-error"));
        var wrongCurrent = await here.SubmitAsync("/account/password", "form#change-password", new Dictionary<string, string>
        {
            ["Form.CurrentPassword"] = "not the password at all", ["Form.NewPassword"] = "a brand new passphrase for spring",
        });
        Assert.NotNull(wrongCurrent.Document.QuerySelector("#Form_CurrentPassword-error"));
        Assert.Empty(app.Mail.To(email));

        var changed = await here.SubmitAsync("/account/password", "form#change-password", new Dictionary<string, string>
        {
            ["Form.CurrentPassword"] = Members.Password, ["Form.NewPassword"] = "a brand new passphrase for spring",
        });

        Assert.NotNull(changed.Document.QuerySelector("main [role=status]"));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/account")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.Http.GetAsync("/account")).StatusCode);
        Assert.Single(app.Mail.To(email));
        // Past Identity's security-stamp check (every 30 minutes), this session still holds: it carries the new stamp.
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/account")).Status);
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/account")).Status);
        using var next = app.NewVisitor();
        await next.SignInAsync(email, "a brand new passphrase for spring");
    }

    [Fact]
    public async Task The_hub_lists_the_sessions_and_ends_one_of_them()
    {
        await using var app = await AtlasApp.StartAsync();
        var (here, email, _) = await app.MemberAsync();
        using var _ = here;
        using var phone = app.NewVisitor();
        phone.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36");
        await phone.SignInAsync(email);

        var hub = await here.GetAsync("/account");
        var rows = hub.Document.QuerySelectorAll(".sessions tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Single(rows, r => r.ClassList.Contains("current"));
        var other = Assert.Single(rows, r => !r.ClassList.Contains("current"));
        Assert.Contains("Chrome · Android", other.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(await SessionKeysAsync(app), key => hub.Document.Body!.InnerHtml.Contains(key, StringComparison.Ordinal));

        var ended = await here.SubmitAsync(hub.Document, hub.Url, $"#{other.Id} form");

        Assert.Equal("/account", ended.Url.AbsolutePath);
        Assert.Single(ended.Document.QuerySelectorAll(".sessions tbody tr"));
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Http.GetAsync("/account")).StatusCode);

        // Ending this session signs out here.
        var mine = await here.SubmitAsync(ended.Document, ended.Url, ".sessions tr.current form");
        Assert.Equal("/", mine.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await here.Http.GetAsync("/account")).StatusCode);
        Assert.Empty(await SessionKeysAsync(app));
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_this_one_too()
    {
        await using var app = await AtlasApp.StartAsync();
        var (here, email, _) = await app.MemberAsync();
        using var _ = here;
        using var phone = app.NewVisitor();
        await phone.SignInAsync(email);
        var (other, _, _) = await app.MemberAsync();
        using var __ = other;

        var page = await here.SubmitAsync("/account", "form#sign-out-everywhere");

        Assert.EndsWith("/account/login", page.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await here.Http.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Http.GetAsync("/account")).StatusCode);
        // Another member's session is not touched.
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/account")).Status);
        await app.NewVisitor().SignInAsync(email);
    }

    [Fact]
    public async Task A_member_cannot_end_another_members_session()
    {
        await using var app = await AtlasApp.StartAsync();
        var (victim, _, _) = await app.MemberAsync();
        using var _ = victim;
        var victimHub = await victim.GetAsync("/account");
        var handle = victimHub.Document.QuerySelector(".sessions tr.current input[name=session]")!.GetAttribute("value")!;
        var (attacker, _, _) = await app.MemberAsync();
        using var __ = attacker;

        var hub = await attacker.GetAsync("/account");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)hub.Document.QuerySelector(".sessions tr.current form")!;
        using var response = await attacker.Http.SendAsync(Visitor.BuildRequest(form, hub.Url, new Dictionary<string, string> { ["session"] = handle }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync("/account")).Status);
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync("/account")).Status);
    }

    private static Task<List<string>> SessionKeysAsync(AtlasApp app) =>
        app.WithDbAsync(db => Task.FromResult(db.Set<PatientAtlas.Features.Accounts.MemberSession>().Select(s => s.Key).ToList()));
}
