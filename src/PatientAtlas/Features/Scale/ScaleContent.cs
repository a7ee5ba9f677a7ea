using System.Globalization;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Scale;

/// <summary>
/// The words of the synthetic community: pseudonyms, experience texts, "what I tried" entries and the
/// reviewed summaries, composed from small pools so that pages have realistic lengths. Nothing here names
/// a real person, study or source.
/// </summary>
public static class ScaleContent
{
    public const string ReviewerSlug = "synthetic-reviewer";
    public const string ReviewerName = "Synthetic Reviewer (benchmark data)";
    public const string ReviewerCredentials = "MD (fictional, for load testing)";
    public const string AuthorName = "Synthetic Editor (benchmark data)";

    private static readonly string[] Adjectives =
    [
        "Quiet", "Brave", "Sunny", "Patient", "Gentle", "Curious", "Steady", "Hopeful", "Calm", "Bright",
        "Kind", "Swift", "Clever", "Merry", "Bold", "Lucky", "Noble", "Wise", "Warm", "Keen",
    ];

    private static readonly string[] Animals =
    [
        "Heron", "Otter", "Falcon", "Badger", "Robin", "Lynx", "Dolphin", "Sparrow", "Fox", "Panda",
        "Koala", "Wren", "Beaver", "Turtle", "Owl", "Hare", "Seal", "Finch", "Moose", "Crane",
    ];

    private static readonly string[] OpeningsEn =
    [
        "I was diagnosed about four years ago, after a long time of being told it was stress.",
        "My daughter has lived with this since she was small, so I write as her parent.",
        "It took three different specialists before anyone put a name to what I had.",
        "For the first year I read everything I could find and tried far too many things at once.",
        "I am in my fifties and the symptoms started slowly, so I ignored them for a while.",
        "My husband noticed the changes before I did, which is how we ended up at the clinic.",
        "I have had good and bad years with this, and I think that pattern matters more than any single fix.",
        "When the first symptoms appeared I was still at university and it was hard to keep up.",
    ];

    private static readonly string[] MiddlesEn =
    [
        "What helped most was keeping a simple diary, which made the appointments far more useful.",
        "Small changes to my routine made a bigger difference than I expected, especially regular sleep.",
        "Some weeks are fine and others are not, and I stopped blaming myself for the bad ones.",
        "The medication took a couple of months to settle, and the side effects eased after that.",
        "Talking to other people with the same condition helped me ask better questions of my doctor.",
        "I cut down on coffee and alcohol, and I think it helped a little, though it is hard to be sure.",
        "Exercise was difficult at first, but short walks every day are now part of my life.",
        "My employer agreed to flexible hours, which took a lot of pressure off.",
    ];

    private static readonly string[] ClosingsEn =
    [
        "Everyone is different, so please talk to your own doctor before changing anything.",
        "If you are newly diagnosed: it does get easier to live with, even if it does not go away.",
        "I hope this helps someone who is where I was a few years ago.",
        "Happy to answer questions if anyone is going through the same thing.",
        "Keep notes and bring them to every appointment; it saved me a lot of frustration.",
        "The most important thing for me was finding a specialist who listened.",
    ];

    private static readonly string[] OpeningsEs =
    [
        "Me diagnosticaron hace unos cuatro años, después de mucho tiempo oyendo que era estrés.",
        "Mi hija vive con esto desde pequeña, así que escribo como madre.",
        "Tuve que ver a tres especialistas antes de que alguien le pusiera nombre.",
        "Los síntomas empezaron poco a poco y durante un tiempo no les hice caso.",
    ];

    private static readonly string[] MiddlesEs =
    [
        "Lo que más me ayudó fue llevar un diario sencillo para las consultas.",
        "Pequeños cambios en la rutina, sobre todo dormir a horas regulares, marcaron la diferencia.",
        "La medicación tardó un par de meses en asentarse y los efectos secundarios bajaron después.",
        "Hablar con otras personas con la misma enfermedad me ayudó a preguntar mejor a mi médico.",
    ];

    private static readonly string[] ClosingsEs =
    [
        "Cada persona es distinta: consulta a tu médico antes de cambiar nada.",
        "Si te acaban de diagnosticar: con el tiempo se lleva mejor, aunque no desaparezca.",
        "Espero que esto ayude a alguien que esté donde yo estaba.",
    ];

    /// <summary>Interventions by popularity (first is most tried), each with how often it helps and makes things worse.</summary>
    private static readonly (string Name, double Helped, double Worse)[] Interventions =
    [
        ("Regular sleep schedule", 0.55, 0.03), ("Cutting down caffeine", 0.40, 0.05), ("Physiotherapy", 0.50, 0.08),
        ("Prescribed medication", 0.60, 0.12), ("Support group", 0.45, 0.02), ("Daily walks", 0.48, 0.05),
        ("Magnesium supplement", 0.25, 0.06), ("Mindfulness practice", 0.35, 0.03), ("Avoiding alcohol", 0.38, 0.02),
        ("Heat packs", 0.30, 0.04), ("Counselling", 0.47, 0.04), ("Gluten-free diet", 0.18, 0.07),
        ("Yoga", 0.36, 0.06), ("Acupuncture", 0.20, 0.05), ("Reduced working hours", 0.52, 0.03),
        ("Vitamin D", 0.22, 0.02), ("Swimming", 0.41, 0.04), ("Anti-inflammatory diet", 0.24, 0.05),
        ("Occupational therapy", 0.44, 0.04), ("Symptom diary", 0.33, 0.01),
    ];

    private static readonly string[] Durations = ["two weeks", "a month", "three months", "six months", "a year", "over two years"];

    private static readonly string[] SideEffects = ["mild headaches at first", "tiredness for a few days", "an upset stomach", "trouble sleeping early on"];

    public static string Pseudonym(int member) =>
        string.Create(CultureInfo.InvariantCulture, $"{Adjectives[member % Adjectives.Length]}{Animals[member / Adjectives.Length % Animals.Length]}{member / (Adjectives.Length * Animals.Length) + 1}");

    /// <summary>A member's relation to the condition: mostly people living with it, then family and carers.</summary>
    public static Relation RelationOf(int member) => (member * 7919 % 100) switch
    {
        < 70 => Relation.Affected,
        < 88 => Relation.FamilyAndFriends,
        < 97 => Relation.Caregiver,
        _ => Relation.Professional,
    };

    /// <summary>One member in eight writes in Spanish.</summary>
    public static string LanguageOf(int member) => member * 104729 % 8 == 0 ? "es" : "en";

    public static string ExperienceText(string language, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (openings, middles, closings) = language == "es" ? (OpeningsEs, MiddlesEs, ClosingsEs) : (OpeningsEn, MiddlesEn, ClosingsEn);
        var first = middles[random.Next(middles.Length)];
        var second = middles[random.Next(middles.Length)];
        var middle = first == second ? first : first + " " + second;
        return openings[random.Next(openings.Length)] + " " + middle + "\n\n" + closings[random.Next(closings.Length)];
    }

    /// <summary>Zero to three things tried, popular interventions more often; outcomes follow each one's odds.</summary>
    public static IEnumerable<(string Intervention, string Key, Outcome Outcome, string? Duration, string? SideEffects)> Tried(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var roll = random.NextDouble();
        var count = roll < 0.4 ? 0 : roll < 0.75 ? 1 : roll < 0.93 ? 2 : 3;
        var seen = 0u;
        for (var i = 0; i < count; i++)
        {
            // Popularity falls off with rank: the square of a uniform number leans to the start of the list.
            var u = random.NextDouble();
            var pick = (int)(u * u * Interventions.Length);
            if ((seen & (1u << pick)) != 0)
            {
                continue;
            }
            seen |= 1u << pick;
            var (name, helped, worse) = Interventions[pick];
            var o = random.NextDouble();
            var outcome = o < helped ? Outcome.Helped : o < helped + worse ? Outcome.Worse : Outcome.NoChange;
            var duration = random.Next(4) == 0 ? null : Durations[random.Next(Durations.Length)];
            var sideEffects = random.Next(5) == 0 ? SideEffects[random.Next(SideEffects.Length)] : null;
            yield return (name, InterventionKeys[pick], outcome, duration, sideEffects);
        }
    }

    private static readonly string[] InterventionKeys = [.. Interventions.Select(i => QuestionServices.InterventionKey(i.Name))];

    public static string ShortAnswer(string questionSlug) =>
        $"This synthetic summary stands in for a reviewed answer on \"{questionSlug.Replace('-', ' ')}\": most people manage with a mix of medical care and everyday adjustments, and what helps differs from person to person.";

    public static string SummaryBody(string questionSlug) => $"""
        ## What the evidence says
        This text is generated benchmark content for the {questionSlug.Replace('-', ' ')} question. It has the length and shape of a real reviewed summary: a few paragraphs, a list and a caution, so that pages weigh what real pages weigh.

        Specialists usually start with the simplest measures and review them after a few weeks. Keeping a record of symptoms makes those reviews more useful.

        ## What people commonly try
        - Regular routines for sleep and meals
        - Cutting down stimulants such as caffeine and alcohol
        - Physiotherapy or gentle exercise, built up slowly
        - Talking therapies and support groups

        ## When to see a doctor
        New, sudden or worsening symptoms deserve a prompt appointment, as do side effects from any treatment.

        :::caution
        Supplements can interact with prescribed medicines. Check with a doctor or pharmacist before starting one.
        :::
        """;
}
