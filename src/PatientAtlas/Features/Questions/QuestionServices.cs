namespace PatientAtlas.Features.Questions;

public static class QuestionServices
{
    public static IServiceCollection AddQuestions(this IServiceCollection services) =>
        services.AddSingleton<MarkdownRenderer>().AddScoped<QuestionWrites>();

    public static IEndpointRouteBuilder MapQuestionsApi(this IEndpointRouteBuilder app) => QuestionsApi.MapEndpoints(app);

    /// <summary>"Cutting down coffee " → "cutting down coffee": the key that groups reports of one intervention.</summary>
    public static string InterventionKey(string intervention) =>
        string.Join(' ', Text.TextFolding.Fold(intervention).Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
