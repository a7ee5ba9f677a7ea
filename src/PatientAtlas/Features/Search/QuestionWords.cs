namespace PatientAtlas.Features.Search;

/// <summary>
/// Words that point at one of the standard questions, in English and Spanish, folded ("síntomas" → "sintomas").
/// "hfs diet" is the condition "hfs" and the question "diet". Words that are also conditions in their own
/// right ("depression", "insomnia") are left out on purpose.
/// </summary>
public static class QuestionWords
{
    private static readonly Dictionary<string, string> ByWord = Build(new()
    {
        ["first-symptoms"] = "symptom symptoms signs sintoma sintomas",
        ["diagnosis"] = "diagnosis diagnosed diagnose misdiagnosis misdiagnosed diagnostico",
        ["treatments"] = "treatment treatments treat therapy therapies cure medication medications medicine medicines tratamiento tratamientos medicamentos",
        ["side-effects"] = "side effects efectos secundarios",
        ["diet"] = "diet diets food foods eating nutrition dieta dietas alimentacion comida",
        ["supplements"] = "supplement supplements vitamin vitamins suplemento suplementos vitaminas",
        ["alternative-therapies"] = "alternative acupuncture homeopathy alternativa alternativas acupuntura",
        ["triggers"] = "trigger triggers desencadenante desencadenantes",
        ["exercise"] = "exercise exercises sport sports ejercicio ejercicios deporte",
        ["daily-life"] = "daily everyday diaria cotidiana",
        ["work-and-study"] = "work job school study trabajo escuela estudios",
        ["mental-health"] = "mental emotional emocional",
        ["sleep"] = "sleep sleeping sueno dormir",
        ["relationships"] = "relationship relationships partner dating relaciones pareja",
        ["pregnancy-and-family-planning"] = "pregnancy pregnant fertility embarazo fertilidad",
        ["genetics"] = "genetics genetic inherited genes gene genetica herencia",
        ["progression"] = "progression prognosis evolucion pronostico",
        ["specialists"] = "specialist specialists doctor doctors especialista especialistas",
        ["support"] = "support apoyo",
        ["research"] = "research trials trial investigacion ensayos",
        ["travel"] = "travel travelling traveling viajes viajar",
        ["advice-for-the-newly-diagnosed"] = "advice newly consejos",
    });

    /// <summary>The template a folded word points at, if any.</summary>
    public static string? TemplateOf(string word) => ByWord.GetValueOrDefault(word);

    private static Dictionary<string, string> Build(Dictionary<string, string> words)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, list) in words)
        {
            foreach (var word in list.Split(' '))
            {
                result.Add(word, key);
            }
        }
        return result;
    }
}
