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
        services.AddScoped<ModerationMail>();
        services.AddMemberDataPart<ModerationDataPart>();
        return services;
    }
}
