using PatientAtlas.Data.Saving;

namespace PatientAtlas.Features.Community;

public static class CommunityServices
{
    public static IServiceCollection AddCommunity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CommunityOptions>().Bind(configuration.GetSection(CommunityOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TrustLevels>();
        services.AddNetworkLimit();
        services.AddUncached<ExperienceFlag>("seen by moderators only; a flag that hides a post changes the Experience, which carries the effect");
        return services;
    }
}
