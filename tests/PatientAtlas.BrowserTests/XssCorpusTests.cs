using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Tokens;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.BrowserTests;

/// <summary>
/// The app and Chromium for the XSS corpus: API and write limits far above the corpus, and members whose posts publish
/// at once (those a safety net holds are approved below, as a moderator would), so every payload reaches the pages.
/// </summary>
public sealed class XssSite : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public AtlasApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await AtlasApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Site:ApiRequestsPerMinute"] = "1000000",
            ["Site:SearchRequestsPerMinute"] = "1000000",
            ["Community:PublishAfterApproved"] = "0",
            ["Community:PublishAfterDays"] = "0",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserTests.Browser.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

/// <summary>
/// Issue 14, XSS: every payload of the corpus (blns and the OWASP filter-evasion vectors, 600 and more) goes through
/// every field a member writes, then every page and API answer that shows them is loaded in Chromium with the
/// site's Content-Security-Policy switched off (so that only the escaping protects), a hook on dialogs, page errors,
/// the console and requests: nothing may execute or load, and plain text must read exactly as written.
/// </summary>
public sealed class XssCorpusTests(XssSite site, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<XssSite>
{
    private const string Condition = "hemifacial-spasm";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private sealed record Tried(string Intervention, string Outcome, string? Duration, string? SideEffects);

    private sealed record Post(string Text, string Relation, IReadOnlyList<Tried> Tried);

    private sealed record Created(long Id, string Status);

    /// <summary>What the browser saw that it should not have: dialogs, script errors, CSP reports, unexpected requests.</summary>
    private sealed class Hooks
    {
        public ConcurrentQueue<string> Executed { get; } = new();

        public void Attach(IPage page, Uri app)
        {
            page.Dialog += async (_, dialog) =>
            {
                Executed.Enqueue($"{dialog.Type} dialog \"{dialog.Message}\" on {page.Url}");
                await dialog.DismissAsync();
            };
            page.PageError += (_, error) => Executed.Enqueue($"page error \"{error}\" on {page.Url}");
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning" || message.Text.Contains("XSS", StringComparison.OrdinalIgnoreCase))
                {
                    Executed.Enqueue($"console {message.Type} \"{message.Text}\" on {page.Url}");
                }
            };
            page.Request += (_, request) =>
            {
                var url = new Uri(request.Url);
                var own = url.Scheme is "http" or "https" && url.Authority == app.Authority;
                var expected = own && (request.IsNavigationRequest || IsOwnAsset(url.AbsolutePath));
                if (!expected && url.Scheme != "data")
                {
                    Executed.Enqueue($"request {request.ResourceType} {request.Url} from {page.Url}");
                }
            };
        }

        // The site's own files and the endpoints its scripts fetch; anything else a page asks for came from a payload.
        private static bool IsOwnAsset(string path) =>
            path.StartsWith("/css/", StringComparison.Ordinal) || path.StartsWith("/js/", StringComparison.Ordinal)
            || path.StartsWith("/img/", StringComparison.Ordinal) || path.StartsWith("/lib/", StringComparison.Ordinal)
            || path.StartsWith("/fonts/", StringComparison.Ordinal) || path.StartsWith("/favicon", StringComparison.Ordinal)
            || path.StartsWith("/account/experiences/state/", StringComparison.Ordinal)
            || path is "/account/status" or "/site.webmanifest" or "/manifest.webmanifest" or "/apple-touch-icon.png"
            || path.StartsWith("/api/v1/search/suggest", StringComparison.Ordinal) || path.StartsWith("/api/v1/conditions/", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_payload_through_every_field_executes_nowhere_and_plain_text_reads_as_written()
    {
        var app = site.App;
        var payloads = XssCorpus.All();
        Assert.True(payloads.Count >= 600, $"the corpus has {payloads.Count} payloads");
        var questions = QuestionTemplates.Keys;
        var token = await MemberTokenAsync(app);
        using var api = new HttpClient { BaseAddress = app.Address };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Experience text: one post per payload, spread over the condition's questions.
        var acceptedText = new ConcurrentBag<(string Payload, long Id)>();
        var refused = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(payloads.Select((p, i) => (p, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, ct) =>
        {
            var (status, created) = await PostAsync(api, questions[item.i % questions.Count], new Post(item.p, "affected", []));
            if (created is not null)
            {
                acceptedText.Add((item.p, created.Id));
            }
            else
            {
                refused.Add($"text {status}");
            }
        });

        // "What I tried": twenty payloads per post in intervention, duration and side effects; a post the rules refuse
        // (a field too long or blank) is split until each payload is tried in each field it fits.
        var acceptedTried = new ConcurrentBag<(string Field, string Payload)>();
        await Parallel.ForEachAsync(payloads.Chunk(20).Select((c, i) => (c, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
        {
            var question = questions[(batch.i * 5 + 3) % questions.Count];
            var whole = batch.c.Select(p => new Tried(p, "helped", p, p)).ToList();
            if ((await PostAsync(api, question, new Post($"Tried batch {batch.i}.", "affected", whole))).Created is not null)
            {
                foreach (var p in batch.c)
                {
                    acceptedTried.Add(("intervention", p));
                    acceptedTried.Add(("duration", p));
                    acceptedTried.Add(("side effects", p));
                }
                return;
            }
            foreach (var p in batch.c)
            {
                foreach (var (field, tried) in new[]
                {
                    ("intervention", new Tried(p, "worse", null, null)),
                    ("duration", new Tried("Duration check", "no-change", p, null)),
                    ("side effects", new Tried("Side effects check", "helped", null, p)),
                })
                {
                    var (status, created) = await PostAsync(api, question, new Post($"Tried {field} check.", "affected", [tried]));
                    if (created is not null)
                    {
                        acceptedTried.Add((field, p));
                    }
                    else
                    {
                        refused.Add($"{field} {status}");
                    }
                }
            }
        });
        // Refusals are answers (field errors), never server errors.
        Assert.DoesNotContain(refused, r => r.EndsWith(" 500", StringComparison.Ordinal));

        // A moderator approves what a safety net held (links, addresses, phone numbers in the corpus), so that it shows.
        await app.WriteAsync(async db =>
        {
            foreach (var held in await db.Experiences.Where(e => e.Status == ExperienceStatus.Pending && e.MemberId != null).ToListAsync())
            {
                held.Status = ExperienceStatus.Published;
                held.HoldReasons = null;
            }
        });

        var hooks = new Hooks();
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Address.ToString(), BypassCSP = true });
        await context.RouteAsync(url => !url.StartsWith(app.Address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal), route => route.AbortAsync());
        var page = await context.NewPageAsync();
        hooks.Attach(page, app.Address);
        var read = new System.Text.StringBuilder();
        var pagesLoaded = 0;

        async Task<string> LoadAsync(string path)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response is not null && response.Status < 500, $"GET {path}: {response?.Status}");
            pagesLoaded++;
            var text = await page.EvaluateAsync<string>("() => document.body ? document.body.textContent : ''");
            read.Append(' ').Append(XssCorpus.AsRead(text));
            return text;
        }

        // Every question page and every page of its experiences (newest first, so paging reaches all), and in Spanish.
        foreach (var question in questions)
        {
            var path = $"/conditions/{Condition}/{question}?sort=newest";
            for (var pages = 0; pages < 200 && path is not null; pages++)
            {
                await LoadAsync(path);
                var next = page.Locator("a[rel=next]");
                path = await next.CountAsync() > 0 ? await next.First.GetAttributeAsync("href") : null;
            }
            // Spanish: the first page and what people tried.
            await LoadAsync($"/es/conditions/{Condition}/{question}");
        }
        await LoadAsync($"/conditions/{Condition}");

        // Search: the words the payloads share, highlighted in the results, and payloads as the query itself.
        foreach (var query in new[] { "script", "alert", "XSS", "javascript", "onerror", "img", "svg", "iframe", "style", "tried" })
        {
            await LoadAsync("/search?q=" + Uri.EscapeDataString(query) + "&type=experiences");
        }
        foreach (var payload in payloads.Where(p => p.Contains('<', StringComparison.Ordinal) || p.Contains('"', StringComparison.Ordinal)).Take(60))
        {
            await LoadAsync("/search?q=" + Uri.EscapeDataString(payload));
        }

        // API answers shown by the browser: the question (with what people tried) and a sample of experiences.
        foreach (var question in questions)
        {
            await LoadAsync($"/api/v1/conditions/{Condition}/questions/{question}");
        }
        foreach (var (_, id) in acceptedText.OrderBy(a => a.Id).Where((_, i) => i % 10 == 0))
        {
            await LoadAsync($"/api/v1/experiences/{id}");
        }

        Assert.True(hooks.Executed.IsEmpty, $"{hooks.Executed.Count} things happened that no page should do:\n{string.Join("\n", hooks.Executed.Distinct().Take(20))}");

        // Plain text reads as written: in the experience text (as its own paragraph) and in every tried field.
        var everything = read.ToString();
        var lost = acceptedText.Select(a => ("text", a.Payload)).Concat(acceptedTried)
            .Where(a => XssCorpus.IsHarmlessText(a.Item2) && !everything.Contains(XssCorpus.AsRead(a.Item2), StringComparison.Ordinal))
            .Select(a => $"{a.Item1}: {a.Item2}").Distinct().ToList();
        var harmless = acceptedText.Count(a => XssCorpus.IsHarmlessText(a.Payload)) + acceptedTried.Count(a => XssCorpus.IsHarmlessText(a.Payload));
        Assert.True(lost.Count == 0, $"{lost.Count} of {harmless} plain texts do not read as written:\n{string.Join("\n", lost.Take(20))}");
        Assert.True(harmless > 100, $"only {harmless} plain texts were checked");
        output.WriteLine($"XSS corpus: {payloads.Count} payloads; text accepted {acceptedText.Count}, tried fields accepted {acceptedTried.Count}, refused {refused.Count}; {pagesLoaded} pages and answers loaded; {harmless} plain texts read as written");
    }

    /// <summary>
    /// Pseudonyms: every payload is sent to the sign-up form. The form refuses what breaks the pseudonym rules and shows
    /// the page again with the value in the field (loaded in Chromium with the hooks); an accepted one appears as the
    /// author of an experience on a question page and in its API answer, and must read as written.
    /// </summary>
    [Fact]
    public async Task Every_payload_as_a_pseudonym_is_refused_or_shown_as_written_and_executes_nowhere()
    {
        var app = site.App;
        var payloads = XssCorpus.All();
        var refusedPages = new ConcurrentBag<(string Payload, string Html)>();
        var accepted = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(payloads.Select((p, i) => (p, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, ct) =>
        {
            using var visitor = app.NewVisitor();
            var page = await visitor.SubmitAsync("/account/register", "form#register", new Dictionary<string, string>
            {
                ["Form.Email"] = $"xss-pseudonym-{item.i}@example.org",
                ["Form.Pseudonym"] = item.p,
                ["Form.Password"] = Members.Password,
            });
            Assert.True(page.Status == HttpStatusCode.OK, $"sign-up with pseudonym #{item.i}: {(int)page.Status}");
            if (page.Url.AbsolutePath.EndsWith("/account/check-email", StringComparison.Ordinal))
            {
                accepted.Add(item.p);
            }
            else
            {
                refusedPages.Add((item.p, page.Document.DocumentElement.OuterHtml));
            }
        });

        // The accepted ones write (through the one write path) on a question, as members do.
        var members = await app.WithDbAsync(db => db.Users.Where(m => m.Email!.StartsWith("xss-pseudonym-")).Select(m => new { m.Id, m.Pseudonym }).ToListAsync());
        Assert.Equal(accepted.Count, members.Count);
        var (conditionId, questionId) = await Community.QuestionAsync(app, Condition, "support");
        await app.WriteAsync(db =>
        {
            foreach (var member in members)
            {
                db.Experiences.Add(new Experience
                {
                    QuestionId = questionId, ConditionId = conditionId, MemberId = member.Id, AuthorPseudonym = member.Pseudonym,
                    Relation = Relation.Affected, Text = "A support group helped me.", Language = "en", Status = ExperienceStatus.Published, CreatedAt = DateTime.UtcNow,
                });
            }
        });

        var hooks = new Hooks();
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Address.ToString(), BypassCSP = true });
        var origin = app.Address.GetLeftPart(UriPartial.Authority);
        await context.RouteAsync(url => !url.StartsWith(origin, StringComparison.Ordinal), route => route.AbortAsync());
        var page = await context.NewPageAsync();
        hooks.Attach(page, app.Address);

        // The refused sign-up pages, served to the browser at the form's own address exactly as the site answered them.
        var echoed = "";
        await page.RouteAsync(origin + "/account/register?echo", route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = echoed }));
        foreach (var (_, html) in refusedPages.Where(r => r.Payload.IndexOfAny(['<', '>', '"', '\'', '&']) >= 0))
        {
            echoed = html;
            await page.GotoAsync("/account/register?echo");
        }

        var read = new System.Text.StringBuilder();
        var path = $"/conditions/{Condition}/support?sort=newest";
        for (var pages = 0; pages < 100 && path is not null; pages++)
        {
            await page.GotoAsync(path);
            read.Append(' ').Append(XssCorpus.AsRead(await page.EvaluateAsync<string>("() => document.body.textContent")));
            var next = page.Locator("a[rel=next]");
            path = await next.CountAsync() > 0 ? await next.First.GetAttributeAsync("href") : null;
        }
        await page.GotoAsync($"/api/v1/conditions/{Condition}/questions/support");

        Assert.True(hooks.Executed.IsEmpty, $"{hooks.Executed.Count} things happened that no page should do:\n{string.Join("\n", hooks.Executed.Distinct().Take(20))}");
        var everything = read.ToString();
        var lost = members.Select(m => m.Pseudonym).Where(p => !everything.Contains(XssCorpus.AsRead(p), StringComparison.Ordinal)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {members.Count} pseudonyms do not read as written: {string.Join(", ", lost.Take(20))}");
        output.WriteLine($"pseudonyms: {payloads.Count} payloads, {accepted.Count} accepted and shown as written, {refusedPages.Count} refused with a field error ({refusedPages.Count(r => r.Payload.IndexOfAny(['<', '>', '"', '\'', '&']) >= 0)} of those pages loaded in Chromium)");
    }

    /// <summary>
    /// Flag notes and asked questions: every payload as the note of a flag ("other") on an experience whose text is that
    /// payload too, and as the title and details of a question asked on the condition; the moderators' queue (page and
    /// API) shows them a hundred of each kind at a time, so it is loaded, the shown items are decided, and again.
    /// </summary>
    [Fact]
    public async Task Every_payload_as_a_flag_note_and_an_asked_question_executes_nowhere_in_the_moderation_queue()
    {
        var app = site.App;
        var payloads = XssCorpus.All();
        var (conditionId, questionId) = await Community.QuestionAsync(app, Condition, "daily-life");
        var targets = payloads.Select((p, i) => new Experience
        {
            QuestionId = questionId, ConditionId = conditionId, AuthorPseudonym = "flag_target", Relation = Relation.Affected,
            Text = string.IsNullOrWhiteSpace(p) ? $"Flag target {i}." : p, Language = "en", Status = ExperienceStatus.Published,
            CreatedAt = DateTime.UtcNow.AddMinutes(-payloads.Count + i),
        }).ToList();
        await app.WriteAsync(db => db.Experiences.AddRange(targets));

        var token = await MemberTokenAsync(app);
        using var api = new HttpClient { BaseAddress = app.Address };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var notes = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(payloads.Select((p, i) => (p, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, ct) =>
        {
            using var response = await api.PostAsJsonAsync($"/api/v1/experiences/{targets[item.i].Id}/flags", new { reason = "other", note = item.p }, ct);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"flag #{item.i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                notes.Add(item.p);
            }
        });

        var (asker, _, _) = await app.MemberAsync();
        using var _a = asker;
        var consent = await asker.SubmitAsync("/account/consent", "form#give-consent", new Dictionary<string, string> { ["Agree"] = "true" });
        Assert.Equal(HttpStatusCode.OK, consent.Status);
        var asked = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(payloads.Select((p, i) => (p, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, ct) =>
        {
            var page = await asker.SubmitAsync($"/conditions/{Condition}/ask", "form#ask", new Dictionary<string, string>
            {
                ["Form.Title"] = item.p,
                ["Form.Details"] = item.p,
            });
            Assert.True(page.Status == HttpStatusCode.OK, $"question #{item.i}: {(int)page.Status}");
            if (page.Document.QuerySelector(".form-errors") is null)
            {
                asked.Add(item.p);
            }
        });

        var (moderator, moderatorEmail, _) = await app.MemberAsync("moderator");
        var moderatorToken = await TokenAsync(moderator);
        moderator.Dispose();
        var hooks = new Hooks();
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Address.ToString(), BypassCSP = true });
        var origin = app.Address.GetLeftPart(UriPartial.Authority);
        await context.RouteAsync(url => !url.StartsWith(origin, StringComparison.Ordinal), route => route.AbortAsync());
        var page = await context.NewPageAsync();
        hooks.Attach(page, app.Address);
        // The moderators' API answer, in the browser too (with the moderator's token).
        var queueWithToken = await site.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.Address.ToString(), BypassCSP = true,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + moderatorToken },
        });
        await queueWithToken.RouteAsync(url => !url.StartsWith(origin, StringComparison.Ordinal), route => route.AbortAsync());
        var apiPage = await queueWithToken.NewPageAsync();
        hooks.Attach(apiPage, app.Address);
        await page.GotoAsync("/account/login");
        await page.Locator("#Form_Email").FillAsync(moderatorEmail);
        await page.Locator("#Form_Password").FillAsync(Members.Password);
        await page.Locator("form#login button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account");

        var read = new System.Text.StringBuilder();
        var loads = 0;
        for (var round = 0; round < 20; round++)
        {
            var open = await app.WithDbAsync(async db => (
                Flagged: await db.Experiences.CountAsync(e => e.Status == ExperienceStatus.Published && e.FlagWeight > 0),
                Questions: await db.QuestionProposals.CountAsync(q => q.Status == ProposalStatus.Pending)));
            if (open.Flagged + open.Questions == 0)
            {
                break;
            }
            await page.GotoAsync(round == 0 ? "/es/moderation" : "/moderation");
            read.Append(' ').Append(XssCorpus.AsRead(await page.EvaluateAsync<string>("() => document.body.textContent")));
            var answer = await apiPage.GotoAsync("/api/v1/moderation/queue");
            Assert.Equal(200, answer?.Status);
            loads += 2;
            // The moderator decides what the page showed (the oldest hundred of each kind): flags resolved, questions refused.
            var now = DateTime.UtcNow;
            var shown = await app.WithDbAsync(db => db.Experiences.Where(e => e.Status == ExperienceStatus.Published && e.FlagWeight > 0)
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Take(100).Select(e => e.Id).ToListAsync());
            await app.WriteAsync(async db =>
            {
                foreach (var e in await db.Experiences.Where(e => shown.Contains(e.Id)).ToListAsync())
                {
                    e.FlagWeight = 0;
                }
                await db.ExperienceFlags.Where(f => shown.Contains(f.ExperienceId)).ExecuteUpdateAsync(u => u.SetProperty(f => f.ResolvedAt, now));
            });
            await app.WithDbAsync(async db =>
            {
                var oldest = await db.QuestionProposals.Where(q => q.Status == ProposalStatus.Pending).OrderBy(q => q.CreatedAt).ThenBy(q => q.Id).Take(100).Select(q => q.Id).ToListAsync();
                await db.QuestionProposals.Where(q => oldest.Contains(q.Id)).ExecuteUpdateAsync(u => u.SetProperty(q => q.Status, ProposalStatus.Rejected).SetProperty(q => q.DecidedAt, now));
            });
        }
        Assert.True(hooks.Executed.IsEmpty, $"{hooks.Executed.Count} things happened that no page should do:\n{string.Join("\n", hooks.Executed.Distinct().Take(20))}");
        var everything = read.ToString();
        var lost = notes.Select(n => ("flag note", n)).Concat(asked.Select(q => ("question", q)))
            .Where(a => XssCorpus.IsHarmlessText(a.Item2) && !everything.Contains(XssCorpus.AsRead(a.Item2), StringComparison.Ordinal))
            .Select(a => $"{a.Item1}: {a.Item2}").Distinct().ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} plain texts do not read as written in the queue:\n{string.Join("\n", lost.Take(20))}");
        output.WriteLine($"flag notes: {notes.Count} of {payloads.Count} accepted; questions: {asked.Count} accepted; the queue loaded {loads} times (page and API)");
    }

    private static async Task<(int Status, Created? Created)> PostAsync(HttpClient api, string question, Post post)
    {
        using var response = await api.PostAsJsonAsync($"/api/v1/conditions/{Condition}/questions/{question}/experiences", post, Json);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return (201, await response.Content.ReadFromJsonAsync<Created>(Json));
        }
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return ((int)response.StatusCode, null);
    }

    /// <summary>A member who consented (on the page) and holds a write token.</summary>
    private static async Task<string> MemberTokenAsync(AtlasApp app)
    {
        var (visitor, _, _) = await app.MemberAsync();
        using var _v = visitor;
        var consent = await visitor.SubmitAsync("/account/consent", "form#give-consent", new Dictionary<string, string> { ["Agree"] = "true" });
        Assert.Equal(HttpStatusCode.OK, consent.Status);
        return await TokenAsync(visitor);
    }

    /// <summary>A write token made on the signed-in visitor's token page.</summary>
    private static async Task<string> TokenAsync(Visitor visitor)
    {
        var made = await visitor.SubmitAsync("/account/tokens", "form#new-token", new Dictionary<string, string>
        {
            ["Form.Name"] = "xss corpus", ["Form.Scope"] = nameof(TokenScope.Write), ["Form.Days"] = "30",
        });
        var token = made.Document.QuerySelector("#created-token")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token), "no token was made");
        return token!;
    }
}
