using Microsoft.AspNetCore.Identity;

namespace PatientAtlas.Features.Accounts.Security;

/// <summary>
/// A new address waiting for its confirmation link to be opened. It is kept with the account (Identity's token table),
/// not in the link: a URL lands in proxy logs, browser histories and Referer headers, and an address must not.
/// </summary>
public static class PendingEmail
{
    private const string Provider = "PatientAtlas";
    private const string Name = "PendingEmail";

    public static Task SetAsync(UserManager<Member> users, Member member, string email) =>
        users.SetAuthenticationTokenAsync(member, Provider, Name, email);

    public static Task<string?> GetAsync(UserManager<Member> users, Member member) =>
        users.GetAuthenticationTokenAsync(member, Provider, Name);

    public static Task ClearAsync(UserManager<Member> users, Member member) =>
        users.RemoveAuthenticationTokenAsync(member, Provider, Name);
}
