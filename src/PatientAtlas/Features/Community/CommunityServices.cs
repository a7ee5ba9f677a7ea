namespace PatientAtlas.Features.Community;

public static class CommunityServices
{
    public static IServiceCollection AddCommunity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CommunityOptions>().Bind(configuration.GetSection(CommunityOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TrustLevels>();
        services.AddNetworkLimit();
        return services;
    }
}
