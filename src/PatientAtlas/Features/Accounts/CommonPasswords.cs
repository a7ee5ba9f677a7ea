using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace PatientAtlas.Features.Accounts;

/// <summary>
/// NIST SP 800-63B: refuse passwords that are known to be common. The list is the 30,000 most common passwords
/// that Dropbox's zxcvbn collected, as the zxcvbn-core package ships them (an embedded resource); no composition
/// rules beyond the length set in <see cref="AccountServices"/>. A passphrase that merely repeats a common password
/// ("password1password1") is refused too.
/// </summary>
public sealed class CommonPasswords : IPasswordValidator<Member>
{
    public const string ErrorCode = "Account.PasswordCommon";

    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    public static int Count => List.Value.Count;

    public static bool IsCommon(string password)
    {
        var folded = password.Trim().ToLowerInvariant();
        if (List.Value.Contains(folded))
        {
            return true;
        }
        // "qwertyqwerty", "123456123456": one common password repeated.
        for (var length = 1; length <= folded.Length / 2; length++)
        {
            if (folded.Length % length == 0 && List.Value.Contains(folded[..length]) && folded == string.Concat(Enumerable.Repeat(folded[..length], folded.Length / length)))
            {
                return true;
            }
        }
        // "password2024!", "iloveyou123456": a common password with digits or symbols stuck to its end.
        var stem = folded.TrimEnd("0123456789!@#$%^&*()-_=+.?,;:~ ".ToCharArray());
        return stem.Length >= 6 && stem.Length < folded.Length && List.Value.Contains(stem);
    }

    /// <summary>Context-specific words (NIST): the site's name, the member's pseudonym or the name part of their email.</summary>
    public static bool IsAboutContext(string password, Member user)
    {
        var folded = password.ToLowerInvariant();
        var local = user.Email?.Split('@')[0].ToLowerInvariant();
        return folded.Contains("patientatlas", StringComparison.Ordinal)
            || user.Pseudonym.Length >= 4 && folded.Contains(user.Pseudonym.ToLowerInvariant(), StringComparison.Ordinal) && folded.Length < user.Pseudonym.Length + 6
            || local is { Length: >= 4 } && folded.Contains(local, StringComparison.Ordinal) && folded.Length < local.Length + 6;
    }

    public Task<IdentityResult> ValidateAsync(UserManager<Member> manager, Member user, string? password) =>
        Task.FromResult(password is not null && (IsCommon(password) || IsAboutContext(password, user))
            ? IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = ErrorCode })
            : IdentityResult.Success);

    private static FrozenSet<string> Load()
    {
        var assembly = typeof(Zxcvbn.Matcher.DictionaryMatcher).Assembly;
        using var stream = assembly.GetManifestResourceStream("zxcvbn-core.Dictionaries.passwords.lst")
            ?? throw new InvalidOperationException("zxcvbn-core no longer carries its password list.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line.Trim().ToLowerInvariant());
            }
        }
        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
