using Microsoft.AspNetCore.Authorization;

namespace PatientAtlas.Features.Accounts;

/// <summary>
/// Role checks, one way: every page and endpoint for staff names one of these policies
/// (<c>[Authorize(Policy = RolePolicies.Moderator)]</c>, <c>.RequireAuthorization(RolePolicies.Moderator)</c>). Each asks for
/// the role and that its holder is not suspended (<see cref="ActiveRoleRequirement"/>): a suspended member's role is paused
/// whole, reading included, and the next staff page anybody adds is paused with it.
/// </summary>
public static class RolePolicies
{
    public const string Moderator = "role:moderator";
    public const string Editor = "role:editor";
    public const string Reviewer = "role:reviewer";
    public const string Admin = "role:admin";

    /// <summary>Editors and reviewers: the editorial pages and the editorial queue are theirs.</summary>
    public const string Editorial = "role:editorial";

    public static readonly IReadOnlyDictionary<string, string[]> All = new Dictionary<string, string[]>
    {
        [Moderator] = [Roles.Moderator],
        [Editor] = [Roles.Editor],
        [Reviewer] = [Roles.Reviewer],
        [Admin] = [Roles.Admin],
        [Editorial] = [Roles.Editor, Roles.Reviewer],
    };

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (name, roles) in All)
        {
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles).AddRequirements(new ActiveRoleRequirement()));
        }
    }

    /// <summary>Whether <paramref name="policy"/> is one of the role policies (what makes an endpoint one for staff).</summary>
    public static bool IsForStaff(AuthorizationPolicy policy) => policy.Requirements.OfType<ActiveRoleRequirement>().Any();
}

/// <summary>Met when the member holding the role is not suspended (handled in Moderation, where suspensions are).</summary>
public sealed class ActiveRoleRequirement : IAuthorizationRequirement;

/// <summary>Why <see cref="ActiveRoleRequirement"/> failed: a suspension, and until when (the answer says so).</summary>
public sealed class SuspendedReason(IAuthorizationHandler handler, DateTime until) : AuthorizationFailureReason(handler, "suspended")
{
    public DateTime Until { get; } = until;
}
