using PatientAtlas.Data.Saving;
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
        services.AddSaveEffect<ExperienceEffects>();
        services.AddUncached<ExperienceEdit>("earlier versions, shown to moderators and the author only");
        return services;
    }
}

/// <summary>The crisis resources page: helplines by country, in our words.</summary>
public static class CrisisResources
{
    public const string Path = "/help/crisis";
}
