using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Scale;

/// <summary>
/// The shape of a synthetic community, decided before anything is written: which condition and question
/// each experience lands on. Conditions and, within a condition, questions are chosen with a Zipf law
/// (weight 1/rank), so a few conditions hold most experiences and most conditions have a handful, as on
/// real patient sites. The same seed, experience count and condition list always give the same plan.
/// </summary>
public sealed class ScalePlan
{
    public const int DefaultSeed = 20261125;
    private const double ConditionExponent = 1.0;
    private const double QuestionExponent = 1.0;

    private ScalePlan(int[] questionOfExperience, int[] questionCondition, string[] questionSlug, int[] experiencesPerQuestion, int members)
    {
        QuestionOfExperience = questionOfExperience;
        QuestionCondition = questionCondition;
        QuestionSlug = questionSlug;
        ExperiencesPerQuestion = experiencesPerQuestion;
        Members = members;
    }

    /// <summary>For each experience, the index of its question in <see cref="QuestionCondition"/>.</summary>
    public int[] QuestionOfExperience { get; }

    /// <summary>The condition id of each planned question (in the order they are first needed).</summary>
    public int[] QuestionCondition { get; }

    public string[] QuestionSlug { get; }

    public int[] ExperiencesPerQuestion { get; }

    /// <summary>How many distinct members (pseudonyms) write the experiences: one for every five.</summary>
    public int Members { get; }

    public static ScalePlan Create(int experiences, IReadOnlyList<int> conditionIds, Random random)
    {
        ArgumentNullException.ThrowIfNull(conditionIds);
        ArgumentNullException.ThrowIfNull(random);
        if (conditionIds.Count == 0)
        {
            throw new VerbException("the catalog has no condition free of demo or real content to seed; import the catalog first");
        }

        // Popularity rank → condition: a seeded shuffle, so popular conditions are spread over the catalog.
        var byRank = conditionIds.ToArray();
        random.Shuffle(byRank);
        var conditionWeights = Zipf(byRank.Length, ConditionExponent);
        var templates = QuestionTemplates.Keys;
        var questionWeights = Zipf(templates.Count, QuestionExponent);

        var index = new Dictionary<long, int>();
        var questionCondition = new List<int>();
        var questionSlug = new List<string>();
        var perQuestion = new List<int>();
        var plan = new int[experiences];
        for (var i = 0; i < experiences; i++)
        {
            var condition = byRank[Sample(conditionWeights, random)];
            // Which question is most asked differs by condition: rotate the template ranks by the condition.
            var template = (Sample(questionWeights, random) + condition) % templates.Count;
            var key = (long)condition * templates.Count + template;
            if (!index.TryGetValue(key, out var question))
            {
                question = questionCondition.Count;
                index.Add(key, question);
                questionCondition.Add(condition);
                questionSlug.Add(templates[template]);
                perQuestion.Add(0);
            }
            plan[i] = question;
            perQuestion[question]++;
        }
        return new ScalePlan(plan, [.. questionCondition], [.. questionSlug], [.. perQuestion], Math.Max(1, experiences / 5));
    }

    /// <summary>The questions that get a reviewed summary: the most popular ones, most popular first.</summary>
    public IReadOnlyList<int> MostPopularQuestions(int count) =>
        [.. Enumerable.Range(0, ExperiencesPerQuestion.Length)
            .OrderByDescending(q => ExperiencesPerQuestion[q]).ThenBy(q => q)
            .Take(count)];

    /// <summary>Cumulative Zipf weights over <paramref name="n"/> ranks, normalised to 1.</summary>
    private static double[] Zipf(int n, double exponent)
    {
        var cumulative = new double[n];
        var sum = 0.0;
        for (var rank = 0; rank < n; rank++)
        {
            sum += 1.0 / Math.Pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        for (var rank = 0; rank < n; rank++)
        {
            cumulative[rank] /= sum;
        }
        return cumulative;
    }

    private static int Sample(double[] cumulative, Random random)
    {
        var at = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(at < 0 ? ~at : at, cumulative.Length - 1);
    }
}
