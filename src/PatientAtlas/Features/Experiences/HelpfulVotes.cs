using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Community;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// "Was this helpful?" votes, from the page and the API: one per member and post, never on one's own. Weight comes with
/// standing: a new member's vote is stored (they see it, it is in their data) but stays out of the public helpful count
/// until they are a member in good standing (<see cref="TrustLevels"/>); then all their waiting votes count at once, at
/// their next vote or at the hourly <see cref="Sweep"/>. A thousand fresh sign-ups therefore add nothing to a count.
/// </summary>
public sealed class HelpfulVotes(AtlasDb db, TrustLevels trust, TimeProvider clock)
{
    public enum Result
    {
        Done,
        NotFound,
        OwnPost,
        AlreadyVoted,
        NotVoted,
        Suspended,
    }

    /// <summary>Marks (or unmarks) a published post by someone else as helpful.</summary>
    public async Task<Result> VoteAsync(int memberId, long experienceId, bool helpful, CancellationToken cancellationToken)
    {
        var experience = await db.Experiences.AsNoTracking().Where(e => e.Id == experienceId && e.Status == ExperienceStatus.Published)
            .Select(e => new { e.MemberId }).FirstOrDefaultAsync(cancellationToken);
        if (experience is null)
        {
            return Result.NotFound;
        }
        if (experience.MemberId == memberId)
        {
            return Result.OwnPost;
        }
        if (await Moderation.Suspensions.IsSuspendedAsync(db, memberId, clock, cancellationToken))
        {
            return Result.Suspended;
        }
        var existing = await db.HelpfulVotes.FirstOrDefaultAsync(v => v.ExperienceId == experienceId && v.MemberId == memberId, cancellationToken);
        if (helpful == (existing is not null))
        {
            return helpful ? Result.AlreadyVoted : Result.NotVoted;
        }
        var counts = TrustLevels.VoteCounts(await trust.OfAsync(db, memberId, cancellationToken));
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (helpful)
            {
                db.HelpfulVotes.Add(new HelpfulVote { ExperienceId = experienceId, MemberId = memberId, CreatedAt = clock.GetUtcNow().UtcDateTime, Counted = counts });
                if (counts)
                {
                    await StepAsync(experienceId, 1, cancellationToken);
                }
            }
            else
            {
                db.HelpfulVotes.Remove(existing!);
                if (existing!.Counted)
                {
                    await StepAsync(experienceId, -1, cancellationToken);
                }
            }
            if (counts)
            {
                await CountWaitingAsync(memberId, cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (helpful)
        {
            // The same member's second vote racing the first: the unique index kept one (and the increment rolled back).
            return Result.AlreadyVoted;
        }
        return Result.Done;
    }

    /// <summary>Counts the member's waiting votes (cast while they were new) now that they have standing.</summary>
    private async Task CountWaitingAsync(int memberId, CancellationToken cancellationToken)
    {
        foreach (var vote in await db.HelpfulVotes.Where(v => v.MemberId == memberId && !v.Counted).ToListAsync(cancellationToken))
        {
            vote.Counted = true;
            await StepAsync(vote.ExperienceId, 1, cancellationToken);
        }
    }

    /// <summary>
    /// An increment under the row's lock, so two voters at once both count (a count read by each would not). The vote
    /// saved beside it names the post's question for the save pipeline (<see cref="ExperienceEffects"/>).
    /// </summary>
    private Task<int> StepAsync(long experienceId, int step, CancellationToken cancellationToken) =>
        db.Experiences.Where(e => e.Id == experienceId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.HelpfulCount, e => e.HelpfulCount + step), cancellationToken);

    /// <summary>
    /// Counts the waiting votes of every member who has gained standing since they voted (days pass without any action
    /// of theirs). Returns how many members' votes now count.
    /// </summary>
    public async Task<int> CountEarnedAsync(CancellationToken cancellationToken)
    {
        var waiting = await db.HelpfulVotes.AsNoTracking().Where(v => !v.Counted).Select(v => v.MemberId).Distinct().ToListAsync(cancellationToken);
        var promoted = 0;
        foreach (var memberId in waiting)
        {
            if (!TrustLevels.VoteCounts(await trust.OfAsync(db, memberId, cancellationToken))
                || await Moderation.Suspensions.IsSuspendedAsync(db, memberId, clock, cancellationToken))
            {
                continue;
            }
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await CountWaitingAsync(memberId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            promoted++;
        }
        return promoted;
    }

    /// <summary>Once an hour: the waiting votes of members who gained standing start to count.</summary>
    public sealed class Sweep(IServiceProvider services, TimeProvider clock, ILogger<Sweep> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromHours(1), clock, stoppingToken);
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<HelpfulVotes>().CountEarnedAsync(stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
                {
                    logger.LogWarning(e, "Counting the helpful votes of members who gained standing failed; it is tried again in an hour");
                }
            }
        }
    }
}
