using System.ComponentModel.DataAnnotations;

namespace PatientAtlas.Features.Accounts;

/// <summary>The <c>Accounts</c> section: how hard the doors are to hammer on. The README says why each default.</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>Sign-ups, sign-ins, "forgot password" and resets per client address and minute.</summary>
    [Range(1, 10_000)]
    public int DoorRequestsPerMinute { get; set; } = 10;

    /// <summary>
    /// Wrong passwords in a row from one client network (IPv4 /24, IPv6 /64) before that network is refused for the
    /// account (other networks still sign in); wrong second-step codes in a row before the account itself is locked.
    /// </summary>
    [Range(1, 100)]
    public int LockoutFailures { get; set; } = 5;

    /// <summary>How long a refused network (or a locked account) waits, counted from its last try.</summary>
    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-ups per client network (IPv4 /24, IPv6 /64) and hour, on top of the per-address door limit.</summary>
    [Range(1, 10_000)]
    public int SignUpsPerNetworkPerHour { get; set; } = 20;

    /// <summary>Messages the site sends to one address per hour (confirmation, reset): nobody can mail-bomb a stranger.</summary>
    [Range(1, 1000)]
    public int MailsPerAddressPerHour { get; set; } = 3;

    /// <summary>A member's writes (site and API) per minute, and per client address for the same writes.</summary>
    [Range(1, 10_000)]
    public int WritesPerMinute { get; set; } = 30;

    /// <summary>Cookies only over HTTPS; unset means everywhere but the Development environment.</summary>
    public bool? SecureCookies { get; set; }

    [Range(1, 365)]
    public int SessionDays { get; set; } = 14;

    [Range(1, 72)]
    public int ResetLinkHours { get; set; } = 2;

    [Range(1, 30)]
    public int ConfirmLinkDays { get; set; } = 3;
}
