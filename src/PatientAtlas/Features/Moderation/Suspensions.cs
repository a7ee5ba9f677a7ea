using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// A suspended member keeps their sessions and can read, download their data or delete their account, but every write
/// is refused until <see cref="Member.SuspendedUntil"/>. Nobody plugs the check in: the member-write policy
/// (<see cref="MemberWrites"/>) refuses every member write and the role policies (<see cref="RolePolicies"/>) pause a
/// suspended member's staff role; what is left here is for the few places that weigh a suspension inside a use case.
/// </summary>
public static class Suspensions
{
    public const string Page = MemberWrites.SuspendedPage;

    /// <summary>Until when the member may not write, or null when they may.</summary>
    public static Task<DateTime?> UntilAsync(AtlasDb db, int memberId, DateTime now, CancellationToken cancellationToken) =>
        MemberWrites.SuspendedUntilAsync(db, memberId, now, cancellationToken);

    public static async Task<bool> IsSuspendedAsync(AtlasDb db, int memberId, TimeProvider clock, CancellationToken cancellationToken) =>
        await UntilAsync(db, memberId, clock.GetUtcNow().UtcDateTime, cancellationToken) is not null;

    /// <summary>The API's answer to a suspended member's write.</summary>
    public static IResult Problem(DateTime until) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Account suspended",
        detail: MemberWrites.SuspendedDetail(until));
}
