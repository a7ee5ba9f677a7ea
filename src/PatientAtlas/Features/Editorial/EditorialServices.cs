using PatientAtlas.Data.Saving;

namespace PatientAtlas.Features.Editorial;

public static class EditorialServices
{
    public static IServiceCollection AddEditorial(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EditorialOptions>().Bind(configuration.GetSection(EditorialOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SummaryWorkflow>();
        services.AddScoped<ReviewerDigestMail>();
        services.AddHostedService<WeeklyDigestService>();
        services.AddSaveEffect<Summaries.SummaryEffects>();
        services.AddUncached<ReviewComment>("the editorial workspace, shown to editors and reviewers only, never cached");
        return services;
    }
}
