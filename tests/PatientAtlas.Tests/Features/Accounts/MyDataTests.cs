using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Data;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

public sealed class MyDataTests
{
    [Fact]
    public async Task Download_my_data_is_one_json_attachment_with_everything_stored_about_the_member()
    {
        await using var app = await AtlasApp.StartAsync();
        var (email, pseudonym) = Members.NewIdentity();
        using var visitor = await app.SignedUpAsync(email, pseudonym);
        await visitor.ConsentAsync();
        await visitor.AddRelationAsync("hemifacial spasm", "hemifacial-spasm", "Affected", show: true);
        var id = await app.MemberIdAsync(email);
        await app.ExperienceByAsync(id, pseudonym, "Magnesium did nothing for me.");

        var page = await visitor.GetAsync("/account/data");
        var link = page.Document.QuerySelector("a#download")!.GetAttribute("href")!;
        using var response = await visitor.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var account = root.GetProperty("account");
        Assert.Equal(email, account.GetProperty("email").GetString());
        Assert.Equal(pseudonym, account.GetProperty("pseudonym").GetString());
        Assert.False(account.GetProperty("twoFactorEnabled").GetBoolean());
        Assert.Contains("member", account.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(PatientAtlas.Features.Accounts.Consent.ConsentText.Version, root.GetProperty("consents")[0].GetProperty("version").GetString());
        Assert.Equal("hemifacial-spasm", root.GetProperty("relations")[0].GetProperty("conditionSlug").GetString());
        Assert.True(root.GetProperty("relations")[0].GetProperty("shownOnProfile").GetBoolean());
        Assert.True(root.GetProperty("sessions").GetArrayLength() >= 1);
        Assert.Contains("consent.given", root.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("action").GetString()));
        Assert.Equal("Magnesium did nothing for me.", root.GetProperty("experiences")[0].GetProperty("text").GetString());
        Assert.Equal("sleep", root.GetProperty("experiences")[0].GetProperty("question").GetString());

        // Another member's download is their own.
        var (other, otherEmail, _) = await app.MemberAsync();
        using var _o = other;
        using var theirs = await other.Http.GetAsync(link);
        using var theirJson = JsonDocument.Parse(await theirs.Content.ReadAsStringAsync());
        Assert.Equal(otherEmail, theirJson.RootElement.GetProperty("account").GetProperty("email").GetString());
        Assert.Equal(0, theirJson.RootElement.GetProperty("relations").GetArrayLength());
    }

    [Theory]
    [InlineData("anonymize")]
    [InlineData("delete")]
    public async Task Deleting_the_account_leaves_nothing_personal_in_any_table(string choice)
    {
        await using var app = await AtlasApp.StartAsync();
        var (email, pseudonym) = Members.NewIdentity();
        using var visitor = await app.SignedUpAsync(email, pseudonym);
        await visitor.ConsentAsync();
        await visitor.AddRelationAsync("hemifacial spasm", "hemifacial-spasm", "Affected", show: true);
        await visitor.AddRelationAsync("lyme", "lyme-disease", "Caregiver");
        var id = await app.MemberIdAsync(email);
        var experience = await app.ExperienceByAsync(id, pseudonym, "Sleep came back after the injections.");
        Assert.NotEmpty(await FindAsync(app, id, email, pseudonym));

        var deleted = await visitor.SubmitAsync("/account/data", "form#delete-account", new Dictionary<string, string>
        {
            ["Choice"] = choice,
            ["Password"] = Members.Password,
        });
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("/account/deleted", deleted.Url.AbsolutePath);

        Assert.Empty(await FindAsync(app, id, email, pseudonym));
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "account.deleted"));
        Assert.Equal(("system", null, null), (audit.Actor, audit.SubjectId, audit.Subject));
        Assert.Equal(choice == "delete" ? "account deleted; content deleted" : "account deleted; content anonymized", audit.Detail);
        var left = await app.WithDbAsync(db => db.Experiences.AsNoTracking().SingleOrDefaultAsync(e => e.Id == experience));
        if (choice == "delete")
        {
            Assert.Null(left);
        }
        else
        {
            Assert.Equal((null, MemberContent.FormerMember), (left?.MemberId, left?.AuthorPseudonym));
            var question = await app.GetDocumentAsync("/conditions/hemifacial-spasm/sleep");
            Assert.DoesNotContain(pseudonym, question.Body!.TextContent, StringComparison.Ordinal);
        }

        // Signed out, the session gone for good, and the account with it.
        Assert.Equal("/account/login", (await visitor.GetAsync("/account")).Url.AbsolutePath);
        using var again = app.NewVisitor();
        var refused = await again.SubmitAsync("/account/login", "form#login", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = Members.Password });
        Assert.Equal("/account/login", refused.Url.AbsolutePath);
        await app.GetDocumentAsync("/members/" + pseudonym.ToLowerInvariant(), 404);
    }

    [Fact]
    public async Task A_wrong_password_a_missing_choice_or_a_forged_token_deletes_nothing()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, _) = await app.MemberAsync();
        using var _v = visitor;

        var wrong = await visitor.SubmitAsync("/account/data", "form#delete-account", new Dictionary<string, string> { ["Choice"] = "delete", ["Password"] = "not my password at all" });
        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        Assert.NotNull(wrong.Document.QuerySelector("#Password-error"));
        var noChoice = await visitor.SubmitAsync("/account/data", "form#delete-account", new Dictionary<string, string> { ["Password"] = Members.Password });
        Assert.NotNull(noChoice.Document.QuerySelector("#Choice-error"));
        Assert.Null(noChoice.Document.QuerySelector("#Password-error"));
        var overlong = await visitor.SubmitAsync("/account/data", "form#delete-account", new Dictionary<string, string> { ["Choice"] = "delete", ["Password"] = new string('p', 5000) });
        Assert.NotNull(overlong.Document.QuerySelector("#Password-error"));
        var fields = new Dictionary<string, string> { ["Choice"] = "delete", ["Password"] = Members.Password };
        Assert.Equal(HttpStatusCode.BadRequest, await visitor.PostForgedAsync("/account/data?handler=delete", fields, withToken: false));
        Assert.Equal(HttpStatusCode.BadRequest, await visitor.PostForgedAsync("/account/data?handler=delete", fields, withToken: true));

        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(m => m.Email == email)));
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "account.deleted")));
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/account")).Status);
    }

    /// <summary>
    /// Every table of the model, read whole with plain SQL: the cells that hold the member's email or pseudonym (any
    /// text, any case; binary cells read as UTF-8), or their id in a column that refers to a member.
    /// </summary>
    private static async Task<List<string>> FindAsync(AtlasApp app, int id, string email, string pseudonym)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var found = new List<string>();
        var tables = db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null)
            .GroupBy(e => (e.GetTableName()!, e.GetSchema())).ToList();
        Assert.Contains(tables, t => t.Key.Item1 == "MemberRelations");
        foreach (var table in tables)
        {
            var store = StoreObjectIdentifier.Table(table.Key.Item1, table.Key.Item2);
            var memberColumns = table.SelectMany(e => e.GetForeignKeys().Where(fk => fk.PrincipalEntityType.ClrType == typeof(Member)).SelectMany(fk => fk.Properties)
                    .Concat(e.ClrType == typeof(Member) ? e.FindPrimaryKey()!.Properties : []))
                .Select(p => p.GetColumnName(store)!)
                .Concat(["ActorId", "SubjectId"])
                .ToHashSet(StringComparer.Ordinal);
            await using var command = connection.CreateCommand();
            command.CommandText = table.Key.Item2 is { } schema ? $"SELECT * FROM \"{schema}\".\"{table.Key.Item1}\"" : $"SELECT * FROM \"{table.Key.Item1}\"";
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (await reader.IsDBNullAsync(i))
                    {
                        continue;
                    }
                    var column = reader.GetName(i);
                    var value = reader.GetValue(i);
                    var text = value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    if (text.Contains(email, StringComparison.OrdinalIgnoreCase) || text.Contains(pseudonym, StringComparison.OrdinalIgnoreCase))
                    {
                        found.Add($"{table.Key.Item1}.{column}: text");
                    }
                    if (memberColumns.Contains(column) && value is int or long or short && Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == id)
                    {
                        found.Add($"{table.Key.Item1}.{column}: id");
                    }
                }
            }
        }
        return found;
    }
}
