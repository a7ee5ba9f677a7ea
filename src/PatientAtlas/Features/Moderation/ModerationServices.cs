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
        // Every staff page's POST is refused to a suspended member by default (the API group does the same in Program.cs).
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o => o.Conventions.ConfigureFilter(new RefuseSuspendedAttribute { StaffOnly = true }));
        return services;
    }
}
