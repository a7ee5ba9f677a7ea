using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Demo;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Moderation;

public sealed class DemoQueueTests
{
    [Fact]
    public async Task The_demo_moderator_finds_a_pending_post_and_a_proposed_question_and_remove_demo_takes_them_away()
    {
        await using var app = await AtlasApp.StartAsync();
        using var moderator = app.NewVisitor();
        await moderator.SignInAsync("moderator@demo.invalid", DemoMembers.Password);
        var queue = await moderator.GetAsync("/moderation");
        Assert.NotEmpty(queue.Document.QuerySelectorAll("li.queue-item[id^='item-experience-']"));
        Assert.NotEmpty(queue.Document.QuerySelectorAll("li.queue-item[id^='item-question-']"));
        Assert.Contains("marta_demo", queue.Document.QuerySelector("ol.queue")!.TextContent, StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoContent>().RemoveAsync(CancellationToken.None);
        }
        Assert.False(await app.WithDbAsync(db => db.QuestionProposals.AnyAsync()));
        Assert.False(await app.WithDbAsync(db => db.Experiences.AnyAsync(e => e.IsDemo)));
    }
}
