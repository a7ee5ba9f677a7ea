using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using PatientAtlas.Text;

namespace PatientAtlas.Features.Accounts;

/// <summary>
/// The rules of the only public identity: 3–30 letters (of one script, as UTS #39 asks of identifiers), digits, '.',
/// '_' or '-'; unique without regard to case, accents or look-alike letters (<see cref="Key"/>); nothing that passes for
/// the site or its staff, also when spelled with look-alikes or digits ("Mоderator" with a Cyrillic "о", "m0derator").
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

    /// <summary>
    /// The pseudonym's identity for uniqueness and look-ups: case and accents folded, and letters that pass for Latin
    /// ones replaced by them (<see cref="Confusables.ToLatin"/>), so "marta_dеmo" with a Cyrillic "е" is "marta_demo".
    /// A plain ASCII pseudonym's key is its lower case, as it always was.
    /// </summary>
    public static string Key(string pseudonym) => Confusables.ToLatin(pseudonym.Trim());

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
        if (Confusables.IsMixedScript(pseudonym))
        {
            return "Account.PseudonymMixedScripts";
        }
        var key = Key(pseudonym);
        if (key.Length > MaxLength * 2)
        {
            return "Account.PseudonymForm";
        }
        var bare = Separators().Replace(key, "");
        // Digits for letters ("adm1n", "m0d3rator") read as the letters they stand for.
        var spelled = DigitOne.Select(one => Digits().Replace(bare, d => d.Value switch
        {
            "0" => "o", "1" => one, "3" => "e", "4" => "a", "5" => "s", "7" => "t", _ => d.Value,
        }));
        if (spelled.Prepend(bare).Any(b => Reserved.Contains(b) || ReservedInside.Any(b.Contains)))
        {
            return "Account.PseudonymReserved";
        }
        return null;
    }

    [GeneratedRegex(@"^[\p{L}\p{Mn}\p{Nd}._-]+$")]
    private static partial Regex Allowed();

    [GeneratedRegex(@"[._-]")]
    private static partial Regex Separators();

    // "1" stands for "i" or for "l".
    private static readonly string[] DigitOne = ["i", "l"];

    [GeneratedRegex(@"[013457]")]
    private static partial Regex Digits();
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
