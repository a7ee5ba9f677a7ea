namespace PatientAtlas.Features.Editorial;

public static class EditorialServices
{
    public static IServiceCollection AddEditorial(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EditorialOptions>().Bind(configuration.GetSection(EditorialOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SummaryWorkflow>();
        services.AddScoped<ReviewerDigestMail>();
        services.AddHostedService<WeeklyDigestService>();
        return services;
    }
}
