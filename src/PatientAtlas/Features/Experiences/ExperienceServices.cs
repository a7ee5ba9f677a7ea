using PatientAtlas.Features.Accounts.Data;

namespace PatientAtlas.Features.Experiences;

public static class ExperienceServices
{
    public static IServiceCollection AddExperiences(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExperienceOptions>().Bind(configuration.GetSection(ExperienceOptions.Section));
        services.AddSingleton<PersonalData>();
        services.AddScoped<ExperienceSubmissions>();
        services.AddScoped<HelpfulVotes>();
        services.AddHostedService<HelpfulVotes.Sweep>();
        services.AddMemberDataPart<SharingDataPart>();
        return services;
    }
}

/// <summary>The crisis resources page: helplines by country, in our words.</summary>
public static class CrisisResources
{
    public const string Path = "/help/crisis";
}
