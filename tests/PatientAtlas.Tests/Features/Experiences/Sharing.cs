using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Experiences;

/// <summary>A member who shares: signed in, consented, with a write token; the steps the sharing tests take as they would.</summary>
public sealed record Writer(Visitor Visitor, string Token, int Id, string Email, string Pseudonym) : IDisposable
{
    public void Dispose() => Visitor.Dispose();
}

public static class Sharing
{
    /// <summary>Members publish at once (no waiting period, no approved posts needed) unless a test says otherwise.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Trusting = new Dictionary<string, string?>
    {
        ["Community:PublishAfterApproved"] = "0",
        ["Community:PublishAfterDays"] = "0",
    };

    public static async Task<Writer> WriterAsync(this AtlasApp app, bool consent = true)
    {
        var (visitor, email, pseudonym) = await app.MemberAsync();
        if (consent)
        {
            await visitor.ConsentAsync();
        }
        var token = await TokenTests.MakeTokenAsync(visitor, scope: "Write");
        return new(visitor, token, await app.MemberIdAsync(email), email, pseudonym);
    }

    public const string Path = "/api/v1/conditions/hemifacial-spasm/questions/diet/experiences";

    public static object Body(string text = "Cutting out coffee made the twitching calmer within two weeks.", string relation = "affected", params object[] tried) =>
        new { text, relation, tried = tried.Length == 0 ? [new { intervention = "Cutting down coffee", outcome = "helped", duration = "3 months", sideEffects = "none" }] : tried };

    public static Task<HttpResponseMessage> PostAsync(this AtlasApp app, string token, object body, string path = Path) =>
        ApiCalls.SendAsync(app, HttpMethod.Post, path, token, JsonContent.Create(body));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static Task<int> ExperienceCountAsync(this AtlasApp app) => app.WithDbAsync(db => db.Experiences.CountAsync());

    public static Task<int> MyExperienceCountAsync(this AtlasApp app, int memberId) => app.WithDbAsync(db => db.Experiences.CountAsync(e => e.MemberId == memberId));
}
