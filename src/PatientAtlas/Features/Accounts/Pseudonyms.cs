using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using PatientAtlas.Text;

namespace PatientAtlas.Features.Accounts;

/// <summary>
/// The rules of the only public identity: 3–30 letters (any script), digits, '.', '_' or '-'; unique without regard
/// to case or accents (<see cref="Key"/>); nothing that passes for the site or its staff.
/// </summary>
public static partial class Pseudonyms
{
    public const int MinLength = 3;
    public const int MaxLength = 30;

    // Folded keys with separators removed; a pseudonym containing one of these passes for staff or for the site.
    private static readonly string[] ReservedInside = ["admin", "moderator", "patientatlas", "webmaster", "postmaster", "official", "staff"];

    // Folded keys that are reserved as a whole (they read as a role, a system name or a page).
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "atlas", "editor", "editors", "reviewer", "reviewers", "mod", "mods", "root", "system", "support", "help", "security",
        "anonymous", "deleted", "member", "members", "account", "accounts", "api", "me", "null", "undefined", "everyone",
        "abuse", "privacy", "contact", "team", "info", "noreply", "nobody",
    };

    /// <summary>The pseudonym's identity for uniqueness: folded case and accents.</summary>
    public static string Key(string pseudonym) => TextFolding.Fold(pseudonym.Trim());

    /// <summary>The resource key of the first rule <paramref name="pseudonym"/> breaks, or null when it is acceptable.</summary>
    public static string? Problem(string? pseudonym)
    {
        if (string.IsNullOrWhiteSpace(pseudonym))
        {
            return "Account.PseudonymRequired";
        }
        if (pseudonym.Length is < MinLength or > MaxLength || !Allowed().IsMatch(pseudonym))
        {
            return "Account.PseudonymForm";
        }
        var bare = Separators().Replace(Key(pseudonym), "");
        if (Reserved.Contains(bare) || ReservedInside.Any(bare.Contains))
        {
            return "Account.PseudonymReserved";
        }
        return null;
    }

    [GeneratedRegex(@"^[\p{L}\p{Mn}\p{Nd}._-]+$")]
    private static partial Regex Allowed();

    [GeneratedRegex(@"[._-]")]
    private static partial Regex Separators();
}

/// <summary>Identity's user validation for pseudonyms (the user name): the form and the reserved words.</summary>
public sealed class PseudonymValidator : IUserValidator<Member>
{
    public Task<IdentityResult> ValidateAsync(UserManager<Member> manager, Member user)
    {
        var problem = Pseudonyms.Problem(user.Pseudonym);
        return Task.FromResult(problem is null
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = problem, Description = problem }));
    }
}
