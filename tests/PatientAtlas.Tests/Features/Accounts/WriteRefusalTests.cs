using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Messages;
using PatientAtlas.Tests.Features.Moderation;
using PatientAtlas.Tests.Infrastructure;
using Xunit.Abstractions;
using PatientAtlas.Platform;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>
/// One way to refuse (<see cref="MemberWrites"/>): the list of writes comes from the site's endpoints (every page handler
/// that is not a GET, every API endpoint with a method other than GET), never from a hand-written list. Each must be under
/// the member-write policy, a declared safety action, a staff write under a role policy, or an anonymous write with its own
/// rate limit; a write that is none of these fails the test. Then every policy write is sent, through HTTP, by a suspended
/// member and by a member without consent: each is refused (the page's answer, or 403 problem+json) and nothing is stored.
/// </summary>
public sealed partial class WriteRefusalTests(ITestOutputHelper output)
{
    private enum Kind
    {
        Policy,
        Safety,
        Staff,
        Anonymous,
        Unprotected,
    }

    private sealed record Write(string Method, string Pattern, string? Handler, Kind Kind, string Note, bool IsPage);

    /// <summary>What a write is, from its endpoint's metadata (and, on a page, its handler's declaration).</summary>
    private static async Task<(Kind Kind, string Note)> ClassifyAsync(IAuthorizationPolicyProvider policies, IReadOnlyList<object> metadata,
        System.Reflection.MethodInfo? handler, bool filtered)
    {
        var policy = await AuthorizationPolicy.CombineAsync(policies, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>());
        var limit = metadata.OfType<EnableRateLimitingAttribute>().LastOrDefault()?.PolicyName;
        var optOut = (handler?.GetCustomAttributes(typeof(AllowWhileRefusedAttribute), false).FirstOrDefault() as AllowWhileRefusedAttribute)
            ?? metadata.OfType<AllowWhileRefusedAttribute>().LastOrDefault();
        var signedIn = policy is not null && !metadata.OfType<IAllowAnonymous>().Any();
        if (signedIn && limit != AccountServices.WriteRateLimit)
        {
            return (Kind.Unprotected, $"signed-in write without the write limit ({limit ?? "none"})");
        }
        if (signedIn && RolePolicies.IsForStaff(policy!))
        {
            return (Kind.Staff, "role policy");
        }
        if (optOut is not null)
        {
            return (Kind.Safety, optOut.Reason);
        }
        if (!signedIn)
        {
            return limit is null ? (Kind.Unprotected, "anonymous write without a rate limit of its own") : (Kind.Anonymous, limit);
        }
        return metadata.Contains(MemberWritePolicy.Instance) && filtered ? (Kind.Policy, "member-write policy") : (Kind.Unprotected, "no member-write policy");
    }

    private static async Task<List<Write>> WritesAsync(AtlasApp app)
    {
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var loader = app.Services.GetRequiredService<PageLoader>();
        var writes = new List<Write>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (pattern.StartsWith("/{culture", StringComparison.Ordinal))
            {
                continue;   // the same page in Spanish: one descriptor, one check
            }
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } descriptor)
            {
                var compiled = await loader.LoadAsync(descriptor, endpoint.Metadata);
                var metadata = compiled.EndpointMetadata.ToList();
                var filtered = compiled.FilterDescriptors.Any(f => f.Filter is MemberWriteFilter);
                foreach (var handler in compiled.HandlerMethods.Where(h => MemberWrites.IsWrite(h.HttpMethod)))
                {
                    var (kind, note) = await ClassifyAsync(policies, metadata, handler.MethodInfo, filtered);
                    writes.Add(new Write(handler.HttpMethod.ToUpperInvariant(), pattern, handler.Name, kind, note, IsPage: true));
                }
            }
            else
            {
                foreach (var method in (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(MemberWrites.IsWrite))
                {
                    var (kind, note) = await ClassifyAsync(policies, endpoint.Metadata.ToList(), null, filtered: true);
                    writes.Add(new Write(method, pattern, null, kind, note, IsPage: false));
                }
            }
        }
        return writes;
    }

    private static string Name(Write w) => $"{w.Method} {w.Pattern}{(w.Handler is null ? "" : "?handler=" + w.Handler)}";

    [Fact]
    public async Task Every_write_found_in_the_endpoints_is_under_the_policy_or_declared()
    {
        await using var app = await AtlasApp.StartAsync();
        var writes = await WritesAsync(app);
        foreach (var group in writes.GroupBy(w => w.Kind).OrderBy(g => g.Key))
        {
            output.WriteLine($"{group.Key}: {group.Count()}");
            foreach (var w in group.OrderBy(Name, StringComparer.Ordinal))
            {
                output.WriteLine($"  {Name(w)}  ({w.Note})");
            }
        }
        Assert.Empty(writes.Where(w => w.Kind == Kind.Unprotected).Select(w => $"{Name(w)}: {w.Note}"));

        // The derivation finds what it must (or the test would pass on nothing), each where it belongs.
        var kinds = writes.ToDictionary(Name, w => w.Kind);
        Assert.Equal(Kind.Policy, kinds["POST /conditions/{condition}/{question}/share"]);
        Assert.Equal(Kind.Policy, kinds["POST /messages/{id:long}?handler=Send"]);
        Assert.Equal(Kind.Policy, kinds["POST /api/v1/conditions/{condition}/questions/{question}/experiences"]);
        Assert.Equal(Kind.Safety, kinds["POST /messages/{id:long}?handler=Leave"]);
        Assert.Equal(Kind.Safety, kinds["POST /messages?handler=Decline"]);
        Assert.Equal(Kind.Safety, kinds["DELETE /api/v1/experiences/{id:long}"]);
        Assert.Equal(Kind.Staff, kinds["POST /moderation?handler=Experience"]);
        Assert.Equal(Kind.Staff, kinds["PUT /api/v1/editorial/{condition}/{question}/{language}/draft"]);
        Assert.Equal(Kind.Anonymous, kinds["POST /account/register"]);
        Assert.Equal(Kind.Anonymous, kinds["POST /contact"]);
    }

    [Fact]
    public async Task A_write_without_the_policy_or_a_declaration_is_found_out()
    {
        await using var app = await AtlasApp.StartAsync();
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var signedIn = new object[] { new AuthorizeAttribute(), new EnableRateLimitingAttribute(AccountServices.WriteRateLimit) };
        Assert.Equal(Kind.Unprotected, (await ClassifyAsync(policies, signedIn, null, filtered: true)).Kind);
        Assert.Equal(Kind.Unprotected, (await ClassifyAsync(policies, [new AuthorizeAttribute()], null, filtered: true)).Kind);
        Assert.Equal(Kind.Unprotected, (await ClassifyAsync(policies, [], null, filtered: true)).Kind);
        Assert.Equal(Kind.Unprotected, (await ClassifyAsync(policies, [.. signedIn, MemberWritePolicy.Instance], null, filtered: false)).Kind);
        Assert.Equal(Kind.Policy, (await ClassifyAsync(policies, [.. signedIn, MemberWritePolicy.Instance], null, filtered: true)).Kind);
        Assert.Equal(Kind.Safety, (await ClassifyAsync(policies, [.. signedIn, new AllowWhileRefusedAttribute("a reason")], null, filtered: true)).Kind);
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();

    private static string Fill(string pattern, Func<string, string> sample) => RouteParameter().Replace(pattern, m => sample(m.Groups[1].Value));

    /// <summary>Every row of every table of the model, sorted: what "nothing changed" compares.</summary>
    private static Task<List<string>> SnapshotAsync(AtlasApp app) => app.WithDbAsync(async db =>
    {
        var rows = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Where(t => !Excluded.Contains(t)))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    rows.Add(Row(table, reader));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    });

    /// <summary>Tables any signed-in request touches without writing anything: a session's and a token's last use.</summary>
    private static readonly HashSet<string> Excluded = ["MemberSessions", "PersonalTokens", "DataProtectionKeys"];

    private static string Row(string table, DbDataReader reader)
    {
        var text = new StringBuilder(table);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            text.Append('|').Append(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    [Fact]
    public async Task Every_policy_write_refuses_a_suspended_member_and_one_without_consent_and_changes_nothing()
    {
        await using var app = await AtlasApp.StartAsync();
        using var suspended = await app.ConsentedMemberAsync();
        using var other = await app.ConsentedMemberAsync();
        var (newcomer, unconsentedEmail, _) = await app.MemberAsync();
        using var unconsented = newcomer;
        var unconsentedId = await app.MemberIdAsync(unconsentedEmail);
        var suspendedToken = await suspended.WriteTokenAsync();
        var unconsentedToken = await TokenTests.MakeTokenAsync(unconsented, scope: "Write");
        var own = await app.PostAsync(suspended, "My own earlier post.");
        var target = await app.PostAsync(other, "Someone else's post.");
        long conversation = 0, request = 0;
        await app.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow.AddMinutes(-5);
            var talk = new Conversation { FirstId = suspended.Id, SecondId = other.Id, CreatedAt = now, LastMessageAt = now };
            var asked = new ContactRequest { FromId = other.Id, ToId = suspended.Id, Message = "Hello", CreatedAt = now };
            db.AddRange(talk, asked);
            await db.SaveChangesAsync();
            conversation = talk.Id;
            request = asked.Id;
        });
        var organisation = await app.WithDbAsync(db => db.Set<PatientAtlas.Features.Organisations.Organisation>().AsNoTracking().OrderBy(o => o.Id).Select(o => o.Slug).FirstAsync());
        await app.WithDbAsync(db => db.Users.Where(m => m.Id == suspended.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SuspendedUntil, DateTime.UtcNow.AddDays(3)).SetProperty(m => m.WasSuspended, true)));

        string Sample(string pattern, string name) => name switch
        {
            "condition" => "hemifacial-spasm",
            "question" => "sleep",
            "slug" => organisation,
            "id" when pattern.Contains("/messages", StringComparison.Ordinal) => conversation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" when pattern.Contains("contact-requests", StringComparison.Ordinal) => request.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" when pattern.Contains("/flag", StringComparison.Ordinal) || pattern.Contains("/helpful", StringComparison.Ordinal) => target.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" => own.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"no sample for {{{name}}} in {pattern}: add one to the test"),
        };
        // What a real share, message, request, vote, flag, question or organisation would send.
        var fields = new Dictionary<string, string>
        {
            ["Form.Text"] = "New words.", ["Form.Relation"] = "Patient", ["Form.Title"] = "Does anyone sleep sitting up?", ["Form.Reason"] = "spam",
            ["Form.Name"] = "A new group", ["Form.Kind"] = "organisation", ["Text"] = "More words", ["To"] = other.Pseudonym, ["Message"] = "Hello",
            ["Id"] = request.ToString(System.Globalization.CultureInfo.InvariantCulture), ["helpful"] = "true", ["Reason"] = "harassment",
        };
        var body = new { text = "New words.", relation = "patient", language = "en", to = other.Pseudonym, message = "Hello", reason = "spam", name = "A new group", kind = "organisation" };

        var writes = (await WritesAsync(app)).Where(w => w.Kind == Kind.Policy).ToList();
        Assert.True(writes.Count(w => w.IsPage) >= 8 && writes.Count(w => !w.IsPage) >= 8, $"{writes.Count} policy writes found");
        var before = await SnapshotAsync(app);
        var failures = new List<string>();
        foreach (var write in writes)
        {
            var path = Fill(write.Pattern, name => Sample(write.Pattern, name)) + (write.Handler is null ? "" : "?handler=" + write.Handler);
            if (write.IsPage)
            {
                var (status, location) = await suspended.Visitor.PostFormAsync(path, new(fields));
                if (status != HttpStatusCode.Redirect || location != MemberWrites.SuspendedPage)
                {
                    failures.Add($"suspended {Name(write)}: {(int)status} {location}");
                }
                (status, location) = await unconsented.PostFormAsync(path, new(fields));
                if (status != HttpStatusCode.Redirect || location?.StartsWith("/account/consent?returnUrl=", StringComparison.Ordinal) != true)
                {
                    failures.Add($"without consent {Name(write)}: {(int)status} {location}");
                }
            }
            else
            {
                foreach (var (who, token, title) in new[] { ("suspended", suspendedToken, "Account suspended"), ("without consent", unconsentedToken, "Consent required") })
                {
                    using var response = await ApiCalls.SendAsync(app, new HttpMethod(write.Method), path, token, JsonContent.Create(body));
                    string? answer = null;
                    if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                    {
                        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        answer = json.RootElement.GetProperty("title").GetString();
                    }
                    if (response.StatusCode != HttpStatusCode.Forbidden || answer != title)
                    {
                        failures.Add($"{who} {Name(write)}: {(int)response.StatusCode} {answer}");
                    }
                }
            }
        }
        Assert.Empty(failures);
        var after = await SnapshotAsync(app);
        Assert.Empty(before.Except(after).Concat(after.Except(before).Select(row => "+ " + row)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Experiences.CountAsync(e => e.MemberId == unconsentedId)));
    }
}
