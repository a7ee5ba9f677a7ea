using PatientAtlas.Data.Saving;

namespace PatientAtlas.Features.Questions;

public static class QuestionServices
{
    public static IServiceCollection AddQuestions(this IServiceCollection services) =>
        services.AddSingleton<MarkdownRenderer>()
            .AddSaveEffect<QuestionEffects>()
            .AddUncached<QuestionTried>("derived: rewritten by QuestionEffects' recount in the save that changed its question")
            .AddUncached<QuestionProposal>("the moderation queue and the proposer's own pages, never cached; approval adds a Question");

    public static IEndpointRouteBuilder MapQuestionsApi(this IEndpointRouteBuilder app) => QuestionsApi.MapEndpoints(app);

    /// <summary>"Cutting down coffee " → "cutting down coffee", "Suplemento de magnesio" → "magnesium supplement": the key
    /// that groups reports of one intervention (<see cref="InterventionNames"/>).</summary>
    public static string InterventionKey(string intervention) => InterventionNames.Key(intervention);
}
