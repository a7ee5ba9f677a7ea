using System.Globalization;
using System.Security.Claims;

namespace PatientAtlas.Platform;

/// <summary>
/// Who is signed in: the one place that reads a member's id from their claims (the session cookie and a personal token
/// both carry it as <see cref="ClaimTypes.NameIdentifier"/>).
/// </summary>
public static class SignedIn
{
    /// <summary>The signed-in member's id, or null for a visitor who is not signed in.</summary>
    public static int? MemberIdOrNull(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The signed-in member's id, where the endpoint's authorization already required sign-in.</summary>
    public static int MemberId(this ClaimsPrincipal user) =>
        user.MemberIdOrNull() ?? throw new InvalidOperationException("No member is signed in: this endpoint must require sign-in.");

    /// <summary>The signed-in member's pseudonym (their only public name), or null for a visitor.</summary>
    public static string? Pseudonym(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name);
}
