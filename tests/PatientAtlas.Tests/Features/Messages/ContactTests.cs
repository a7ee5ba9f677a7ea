using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Messages;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Messages;

/// <summary>Contact by consent: a request, an answer, then a private conversation; blocks, limits and bad input.</summary>
public sealed class ContactTests
{
    private static async Task<PageResult> AskAsync(Visitor from, string to, string message) =>
        await from.SubmitAsync("/messages/new?to=" + Uri.EscapeDataString(to), "form#contact-request", new Dictionary<string, string> { ["Message"] = message });

    /// <summary>A member who consented: messages may carry health details, so writing them asks for consent (MemberWrites).</summary>
    private static async Task<(Visitor Visitor, string Email, string Pseudonym)> MemberAsync(AtlasApp app)
    {
        var member = await app.MemberAsync();
        await member.Visitor.ConsentAsync();
        return member;
    }

    private static Task<int> CountAsync<T>(AtlasApp app) where T : class => app.WithDbAsync(db => db.Set<T>().CountAsync());

    [Fact]
    public async Task A_request_once_accepted_opens_a_conversation_both_ways_and_no_mail_carries_the_text()
    {
        await using var app = await AtlasApp.StartAsync();
        var (ana, anaEmail, anaName) = await MemberAsync(app);
        var (ben, benEmail, benName) = await MemberAsync(app);

        var sent = await AskAsync(ana, benName, "Hello Ben, secret-request-text");
        Assert.EndsWith("/messages", sent.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains(benName, sent.Document.QuerySelector("#sent")!.TextContent, StringComparison.Ordinal);

        var inbox = await ben.GetAsync("/messages");
        var request = inbox.Document.QuerySelector("#requests li.request")!;
        Assert.Contains(anaName, request.TextContent, StringComparison.Ordinal);
        Assert.Contains("secret-request-text", request.TextContent, StringComparison.Ordinal);
        var accepted = await ben.SubmitAsync(inbox.Document, inbox.Url, "form[id^='accept-']");
        Assert.Matches("/messages/[0-9]+$", accepted.Url.AbsolutePath);
        Assert.Contains("secret-request-text", accepted.Document.QuerySelector("#messages")!.TextContent, StringComparison.Ordinal);

        var replied = await ben.SubmitAsync(accepted.Document, accepted.Url, "form#reply", new Dictionary<string, string> { ["Text"] = "Hi Ana, secret-reply-text" });
        Assert.Contains("secret-reply-text", replied.Document.QuerySelector("#messages")!.TextContent, StringComparison.Ordinal);
        var seen = await ana.GetAsync(accepted.Url.PathAndQuery.Split('?')[0]);
        Assert.Contains("secret-reply-text", seen.Document.QuerySelector("#messages")!.TextContent, StringComparison.Ordinal);
        var answered = await ana.SubmitAsync(seen.Document, seen.Url, "form#reply", new Dictionary<string, string> { ["Text"] = "secret-answer-text" });
        Assert.Contains("secret-answer-text", (await ben.GetAsync(seen.Url.AbsolutePath)).Document.QuerySelector("#messages")!.TextContent, StringComparison.Ordinal);

        // Notices went to both, naming the other's pseudonym; no mail carries a message's text or an address other than its reader's.
        Assert.NotEmpty(app.Mail.To(benEmail));
        Assert.NotEmpty(app.Mail.To(anaEmail));
        foreach (var mail in app.Mail.All())
        {
            var text = mail.TextBody + mail.HtmlBody;
            Assert.DoesNotContain("secret-", text, StringComparison.Ordinal);
            Assert.DoesNotContain(mail.To.ToString() == anaEmail ? benEmail : anaEmail, text, StringComparison.OrdinalIgnoreCase);
        }
        // Nobody's address appears on the pages either.
        Assert.DoesNotContain(anaEmail, (await ben.GetAsync("/messages")).Document.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_declined_request_tells_the_sender_only_not_accepted()
    {
        await using var app = await AtlasApp.StartAsync();
        var (ana, _, _) = await MemberAsync(app);
        var (ben, _, benName) = await MemberAsync(app);
        await AskAsync(ana, benName, "Hello");
        var inbox = await ben.GetAsync("/messages");
        var declined = await ben.SubmitAsync(inbox.Document, inbox.Url, "form[id^='decline-']");
        Assert.NotNull(declined.Document.QuerySelector("#done"));
        var status = (await ana.GetAsync("/messages")).Document.QuerySelector("#sent .status")!.TextContent;
        Assert.Equal("not accepted", status);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Conversation>().CountAsync(c => !db.Users.Any(m => m.Id == c.FirstId && m.IsDemo))));
    }

    [Fact]
    public async Task Bad_requests_are_clear_errors_and_store_nothing()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Map:MessageMaxLength"] = "100" });
        var (ana, anaEmail, anaName) = await MemberAsync(app);
        var (ben, benEmail, benName) = await MemberAsync(app);
        var (_, _, quietName) = await MemberAsync(app);
        var before = await CountAsync<ContactRequest>(app);

        Assert.Equal("Messages.ToSelf", await ErrorOfAsync(ana, anaName, "Hello me"));
        Assert.Equal("Messages.TooLong", await ErrorOfAsync(ana, benName, new string('a', 101)));
        Assert.Equal("Messages.MessageRequired", await ErrorOfAsync(ana, benName, "   "));
        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync("/messages/new?to=nobody_by_that_name")).Status);

        // Requests off.
        await app.WithDbAsync(async db =>
        {
            var id = await db.Users.Where(m => m.Pseudonym == quietName).Select(m => m.Id).SingleAsync();
            db.Add(new PatientAtlas.Features.Map.MemberLocation { MemberId = id, RequestsOff = true, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        Assert.Equal("Messages.NotTakingRequests", await ErrorOfAsync(ana, quietName, "Hello"));

        // Blocked (by Ben, after a conversation): Ana cannot ask again, and gets the same answer as for requests off.
        await AskAsync(ben, anaName, "Hi");
        var inbox = await ana.GetAsync("/messages");
        var conversation = await ana.SubmitAsync(inbox.Document, inbox.Url, "form[id^='accept-']");
        var path = conversation.Url.AbsolutePath;
        var blocked = await ben.SubmitAsync(path, "form#block");
        Assert.EndsWith("/messages", blocked.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("Messages.NotTakingRequests", await ErrorOfAsync(ana, benName, "Please"));
        Assert.Equal(HttpStatusCode.NotFound, (await ben.GetAsync(path)).Status);
        var closed = await ana.GetAsync(path);
        Assert.NotNull(closed.Document.QuerySelector("#closed"));
        Assert.Null(closed.Document.QuerySelector("form#reply"));
        Assert.Equal(before + 1, await CountAsync<ContactRequest>(app));
        _ = (anaEmail, benEmail);

        // A forged conversation id: someone else's, or none, is a 404 and nothing is stored.
        var (eve, _, _) = await MemberAsync(app);
        var messages = await CountAsync<ConversationMessage>(app);
        Assert.Equal(HttpStatusCode.NotFound, (await eve.GetAsync(path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, await PostAsEveAsync(eve, path + "?handler=send", new() { ["Text"] = "forged" }));
        Assert.Equal(HttpStatusCode.NotFound, await PostAsEveAsync(eve, "/messages/999999999?handler=send", new() { ["Text"] = "forged" }));
        Assert.Equal(HttpStatusCode.NotFound, await PostAsEveAsync(eve, path + "?handler=report", new() { ["Reason"] = "spam" }));
        Assert.Equal(messages, await CountAsync<ConversationMessage>(app));
        Assert.Equal(0, await CountAsync<ConversationReport>(app));
    }

    /// <summary>A well-formed post (with a real antiforgery token of Eve's session) to a path of someone else's.</summary>
    private static async Task<HttpStatusCode> PostAsEveAsync(Visitor eve, string path, Dictionary<string, string> fields)
    {
        var page = await eve.GetAsync("/account/location");
        var token = page.Document.QuerySelector($"form#location input[name='{Visitor.AntiforgeryField}']")!.GetAttribute("value")!;
        fields[Visitor.AntiforgeryField] = token;
        using var content = new FormUrlEncodedContent(fields);
        using var response = await eve.Http.PostAsync(path, content);
        return response.StatusCode;
    }

    private static async Task<string?> ErrorOfAsync(Visitor from, string to, string message)
    {
        var page = await AskAsync(from, to, message);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return KeyOf(page);
    }

    /// <summary>The error's resource key, read back from its English text.</summary>
    private static string? KeyOf(PageResult page)
    {
        var text = page.Document.QuerySelector("#Message-error")?.TextContent.Trim();
        return text switch
        {
            null => null,
            _ when text.Contains("yourself", StringComparison.Ordinal) => "Messages.ToSelf",
            _ when text.Contains("too long", StringComparison.Ordinal) => "Messages.TooLong",
            _ when text.Contains("Write a message", StringComparison.Ordinal) => "Messages.MessageRequired",
            _ when text.Contains("does not take contact requests", StringComparison.Ordinal) => "Messages.NotTakingRequests",
            _ when text.Contains("as many requests", StringComparison.Ordinal) => "Messages.TooManyRequests",
            _ => text,
        };
    }

    [Fact]
    public async Task Requests_and_messages_are_rate_limited_per_member()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Map:RequestsPerDay"] = "2", ["Map:MessagesPerHour"] = "2" });
        var (ana, _, _) = await MemberAsync(app);
        var others = new List<(Visitor Visitor, string Name)>();
        for (var i = 0; i < 3; i++)
        {
            var (v, _, n) = await MemberAsync(app);
            others.Add((v, n));
        }
        Assert.Null(await ErrorOfAsync(ana, others[0].Name, "one"));
        await AskAsync(ana, others[1].Name, "two");
        Assert.Equal("Messages.TooManyRequests", await ErrorOfAsync(ana, others[2].Name, "three"));
        Assert.Equal(2, await CountAsync<ContactRequest>(app) - await app.WithDbAsync(db => db.Set<ContactRequest>().CountAsync(r => db.Users.Any(m => m.Id == r.FromId && m.IsDemo))));

        var inbox = await others[0].Visitor.GetAsync("/messages");
        var conversation = await others[0].Visitor.SubmitAsync(inbox.Document, inbox.Url, "form[id^='accept-']");
        var path = conversation.Url.AbsolutePath;
        var token = await TokenTests.MakeTokenAsync(ana, scope: "Write");
        // The request was "ana"'s first message; two more within the hour are allowed, the third is refused (429 on the API).
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.SendAsync(app, HttpMethod.Post, "/api/v1" + path, token, JsonContent.Create(new { text = "m1" }))).StatusCode);
        using var limited = await ApiCalls.SendAsync(app, HttpMethod.Post, "/api/v1" + path, token, JsonContent.Create(new { text = "m2" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task With_tokens_members_ask_answer_and_talk_through_the_api_under_the_same_rules()
    {
        await using var app = await AtlasApp.StartAsync();
        var (ana, _, anaName) = await MemberAsync(app);
        var (ben, _, benName) = await MemberAsync(app);
        var anaToken = await TokenTests.MakeTokenAsync(ana, scope: "Write");
        var benToken = await TokenTests.MakeTokenAsync(ben, scope: "Write");
        var readToken = await TokenTests.MakeTokenAsync(ben, scope: "Read", name: "reader");

        Assert.Equal(HttpStatusCode.BadRequest, (await ApiCalls.SendAsync(app, HttpMethod.Post, "/api/v1/contact-requests", anaToken, JsonContent.Create(new { to = anaName, message = "me" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCalls.SendAsync(app, HttpMethod.Post, "/api/v1/contact-requests", anaToken, JsonContent.Create(new { to = "no_such_member_x", message = "hi" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.SendAsync(app, HttpMethod.Post, "/api/v1/contact-requests", anaToken, JsonContent.Create(new { to = benName, message = "Hello over the API" }))).StatusCode);

        var inbox = await (await ApiCalls.GetAsync(app, "/api/v1/messages", readToken)).Content.ReadFromJsonAsync<Inbox.View>();
        var request = Assert.Single(inbox!.Received);
        Assert.Equal(anaName, request.From);
        // A read-only token cannot accept; Ana cannot accept her own request.
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/contact-requests/{request.Id}/accept", readToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/contact-requests/{request.Id}/accept", anaToken)).StatusCode);
        using var accepted = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/contact-requests/{request.Id}/accept", benToken);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var conversation = accepted.Headers.Location!.OriginalString;

        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.SendAsync(app, HttpMethod.Post, conversation, anaToken, JsonContent.Create(new { text = "Second message" }))).StatusCode);
        var talk = await (await ApiCalls.GetAsync(app, conversation, benToken)).Content.ReadFromJsonAsync<MessagesApi.ConversationAnswer>();
        Assert.Equal(["Hello over the API", "Second message"], talk!.Messages.Select(m => m.Text));
        Assert.All(talk.Messages, m => Assert.False(m.Mine));
        var (eve, _, _) = await MemberAsync(app);
        var eveToken = await TokenTests.MakeTokenAsync(eve, scope: "Write");
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCalls.GetAsync(app, conversation, eveToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCalls.SendAsync(app, HttpMethod.Post, conversation, eveToken, JsonContent.Create(new { text = "forged" }))).StatusCode);
    }

    [Fact]
    public async Task A_report_is_kept_for_the_moderators_and_my_data_holds_and_deletes_the_conversation()
    {
        await using var app = await AtlasApp.StartAsync();
        var (ana, anaEmail, _) = await MemberAsync(app);
        var (ben, _, benName) = await MemberAsync(app);
        await AskAsync(ana, benName, "Hello, my-data-text");
        var inbox = await ben.GetAsync("/messages");
        var conversation = await ben.SubmitAsync(inbox.Document, inbox.Url, "form[id^='accept-']");
        var missing = await ben.SubmitAsync(conversation.Document, conversation.Url, "form#report", new Dictionary<string, string> { ["Reason"] = "nonsense" });
        Assert.NotNull(missing.Document.QuerySelector("#Reason-error"));
        var reported = await ben.SubmitAsync(conversation.Url.AbsolutePath, "form#report", new Dictionary<string, string> { ["Reason"] = "spam", ["Note"] = "Selling pills" });
        Assert.NotNull(reported.Document.QuerySelector("#done"));
        var report = await app.WithDbAsync(db => db.Set<ConversationReport>().SingleAsync());
        Assert.Equal(("spam", "Selling pills"), (report.Reason, report.Note));

        var data = await ana.GetAsync("/account/data");
        using var download = await ana.Http.GetAsync(data.Document.QuerySelector("a#download")!.GetAttribute("href")!);
        Assert.Contains("my-data-text", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var anaId = await app.MemberIdAsync(anaEmail);
        await app.WithDbAsync(async db =>
        {
            var member = await db.Users.SingleAsync(m => m.Id == anaId);
            await new MessagesPart().EraseAsync(db, member, PatientAtlas.Features.Accounts.Data.ContentChoice.Anonymize, CancellationToken.None);
        });
        Assert.False(await app.WithDbAsync(db => db.Set<ConversationMessage>().AnyAsync(m => m.SenderId == anaId)));
        Assert.False(await app.WithDbAsync(db => db.Set<ContactRequest>().AnyAsync(r => r.FromId == anaId || r.ToId == anaId)));
    }
}
