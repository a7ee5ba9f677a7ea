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

    /// <summary>A trusted member's flag counts this many times.</summary>
    [Range(1, 100)]
    public int TrustedFlagWeight { get; set; } = 2;

    /// <summary>Weighted open flags that hide a post at once until a moderator decides.</summary>
    [Range(1, 100)]
    public int HideAtFlagWeight { get; set; } = 3;
}
