using System.ComponentModel.DataAnnotations;

namespace PatientAtlas.Features.Community;

/// <summary>
/// The <c>Community</c> section: when a member's posts publish at once and how much their flags weigh. The defaults
/// follow Discourse's trust levels, made stricter because the content is about health (README, "Trust levels").
/// </summary>
public sealed class CommunityOptions
{
    public const string Section = "Community";

    /// <summary>Approved (published) experiences before a member's posts publish without review.</summary>
    [Range(0, 1000)]
    public int PublishAfterApproved { get; set; } = 2;

    /// <summary>Days since sign-up before a member's posts publish without review.</summary>
    [Range(0, 3650)]
    public int PublishAfterDays { get; set; } = 3;

    /// <summary>Published experiences before a member is trusted (their flags weigh more).</summary>
    [Range(0, 10_000)]
    public int TrustedAfterPublished { get; set; } = 10;

    /// <summary>Days since sign-up before a member can be trusted.</summary>
    [Range(0, 3650)]
    public int TrustedAfterDays { get; set; } = 60;

    /// <summary>
    /// A new member's flag toward hiding a post at once: 0, so that no number of fresh sign-ups can take a post down
    /// (their flags still put the post in the moderators' queue, with the flags shown).
    /// </summary>
    [Range(0, 100)]
    public int NewFlagWeight { get; set; }

    /// <summary>A member in good standing's flag counts this many times.</summary>
    [Range(1, 100)]
    public int MemberFlagWeight { get; set; } = 1;

    /// <summary>A trusted member's flag counts this many times.</summary>
    [Range(1, 100)]
    public int TrustedFlagWeight { get; set; } = 2;

    /// <summary>
    /// Weighted open flags that hide a post at once until a moderator decides: two trusted members, or four members in
    /// good standing (README, "What a ring of fresh accounts can do").
    /// </summary>
    [Range(1, 100)]
    public int HideAtFlagWeight { get; set; } = 4;

    /// <summary>Flags sent from one network (/24 IPv4, /64 IPv6) per hour, whoever signs them.</summary>
    [Range(1, 100_000)]
    public int FlagsPerNetworkPerHour { get; set; } = 20;

    /// <summary>Helpful votes (and their undoing) sent from one network per hour, whoever signs them.</summary>
    [Range(1, 100_000)]
    public int HelpfulVotesPerNetworkPerHour { get; set; } = 120;
}
