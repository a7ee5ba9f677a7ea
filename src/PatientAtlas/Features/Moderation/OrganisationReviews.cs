using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Organisations;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// Organisation profiles waiting for a moderator (the queue page and the API both come here): a new member's profile, or
/// a version a safety net held. Approve makes the submitted name, website and description the public version; reject
/// keeps the public version (if any) and leaves the submitted one to its keeper. Audited, and the keeper is told, like
/// every decision; nobody decides a profile they keep.
/// </summary>
public sealed class OrganisationReviews(AtlasDb db, Deciding deciding, ModerationQueue queue, TimeProvider clock)
{
    /// <summary>What waits: the submitted words and, for a profile already public, the words the public sees now.</summary>
    public sealed record Item(
        int Id, string Slug, bool Urgent, DateTime QueuedAt, bool Published, OrganisationKind Kind, string Name, string? Website, string? Description,
        string? PublicName, string? PublicWebsite, string? PublicDescription, string? City, string Country, IReadOnlyList<string> Conditions,
        IReadOnlyList<string> HoldReasons, ModerationQueue.Author Keeper);

    /// <summary>Urgent first, then the oldest; never the moderator's own profiles.</summary>
    public async Task<IReadOnlyList<Item>> ListAsync(int moderatorId, CancellationToken cancellationToken)
    {
        var waiting = await db.Organisations.AsNoTracking()
            .Where(o => o.Review == OrganisationReview.Waiting && (o.OwnerId == null || o.OwnerId != moderatorId))
            .OrderByDescending(o => o.Urgent).ThenBy(o => o.SubmittedAt).ThenBy(o => o.Id).Take(ModerationQueue.PageSize)
            .Select(o => new
            {
                o, Conditions = o.Conditions.Join(db.Conditions, oc => oc.ConditionId, c => c.Id, (oc, c) => c.Name).ToList(),
            })
            .ToListAsync(cancellationToken);
        var keepers = await queue.AuthorsAsync(waiting.Select(w => w.o.OwnerId), cancellationToken);
        return [.. waiting.Select(w =>
        {
            var o = w.o;
            var keeper = o.OwnerId is { } id && keepers.TryGetValue(id, out var k) ? k : new ModerationQueue.Author(null, Accounts.Data.MemberContent.FormerMember, null, null, null, [], null);
            return new Item(o.Id, o.Slug, o.Urgent, o.SubmittedAt ?? o.UpdatedAt, o.Published, o.Kind, o.PendingName ?? o.Name, o.PendingWebsite, o.PendingDescription,
                o.Published ? o.Name : null, o.Published ? o.Website : null, o.Published ? o.Description : null, o.CityName, o.Country,
                [.. w.Conditions.Order(StringComparer.CurrentCulture)], Experiences.HoldReasons.Split(o.HoldReasons), keeper);
        })];
    }

    public async Task<Deciding.Result> DecideAsync(long id, Deciding.Request request, int moderatorId, string moderator, string origin, CancellationToken cancellationToken)
    {
        // A profile is approved or not, as a proposed question is: the same actions and the same rule for the reason.
        if (Deciding.Check(ModerationSubject.Question, request) is { } problem)
        {
            return new(Deciding.Outcome.Invalid, problem.Field, problem.Key);
        }
        var action = Deciding.Codes[request.Action!];
        var now = clock.GetUtcNow().UtcDateTime;
        Organisation? organisation;
        Accounts.Member? keeper;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Claims the item (row lock on PostgreSQL; SQLite writes one at a time): of two moderators, the second finds it decided.
            if (await db.Organisations.Where(o => o.Id == id && o.Review == OrganisationReview.Waiting)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.SubmittedAt, o => o.SubmittedAt), cancellationToken) == 0)
            {
                return new(await db.Organisations.AnyAsync(o => o.Id == id, cancellationToken) ? Deciding.Outcome.AlreadyDecided : Deciding.Outcome.NotFound);
            }
            organisation = await db.Organisations.Include(o => o.Conditions).SingleAsync(o => o.Id == id, cancellationToken);
            if (organisation.OwnerId == moderatorId)
            {
                return new(Deciding.Outcome.OwnCase);
            }
            keeper = organisation.OwnerId is { } ownerId ? await db.Users.SingleOrDefaultAsync(m => m.Id == ownerId, cancellationToken) : null;
            if (action == ModerationAction.Approve)
            {
                OrganisationWrites.PublishSubmitted(organisation, organisation.PendingName ?? organisation.Name, organisation.PendingWebsite, organisation.PendingDescription);
                organisation.UpdatedAt = now;
            }
            else
            {
                organisation.Review = OrganisationReview.Rejected;
                organisation.Urgent = false;
            }
            deciding.Record(ModerationSubject.Organisation, id, action, request, keeper, null, moderatorId, moderator, now, "/account/organisations");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await deciding.NotifyByMailAsync(keeper, ModerationSubject.Organisation, action, Languages.Default, origin, cancellationToken);
        return new(Deciding.Outcome.Done);
    }
}
