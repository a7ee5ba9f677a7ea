using PatientAtlas.Data.Saving;
using PatientAtlas.Features.Accounts.Data;

namespace PatientAtlas.Features.Moderation;

public static class ModerationServices
{
    /// <summary>Flags, the moderation queue and its decisions, notifications and suspensions (staff writes included).</summary>
    public static IServiceCollection AddModeration(this IServiceCollection services)
    {
        services.AddScoped<Flagging>();
        services.AddScoped<Deciding>();
        services.AddScoped<ModerationQueue>();
        services.AddScoped<ConversationReports>();
        services.AddScoped<OrganisationReviews>();
        services.AddScoped<ModerationMail>();
        services.AddMemberDataPart<ModerationDataPart>();
        services.AddUncached<ModerationDecision>("the queue's history, for moderators; the decided post or organisation carries the change")
            .AddUncached<MemberNotification>("the member's own notifications, never cached")
            .AddUncached<Audit.AuditEntry>("no cached page shows the audit trail");
        return services;
    }
}
