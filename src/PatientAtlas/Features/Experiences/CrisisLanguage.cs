using System.Text.RegularExpressions;
using PatientAtlas.Text;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// The crisis safety net: words of suicide or self-harm, in English and Spanish (every language the site speaks, in
/// any post whatever its page's language). A match holds the post at the top of the moderation queue and shows the
/// writer the crisis resources at once. It errs towards holding: a missed crisis costs far more than a moderator's
/// minute. Measured on <c>crisis-phrases.tsv</c> (README, "Safety nets").
/// </summary>
public static partial class CrisisLanguage
{
    public static bool IsCrisis(string text)
    {
        var folded = Normalize(text);
        foreach (var clause in Clauses().Split(folded))
        {
            var plain = Idioms().Replace(clause, " ");
            foreach (var (pattern, guarded) in Patterns)
            {
                foreach (Match match in pattern.Matches(plain))
                {
                    if (!guarded || !Negated(plain, match.Index))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>Lower-case, no accents (people type "suicidarme" and "matarme" with or without them), one kind of apostrophe.</summary>
    private static string Normalize(string text) =>
        Spaces().Replace(TextFolding.Fold(text).Replace('’', '\'').Replace('`', '\''), " ");

    /// <summary>A denial just before the words ("I would never hurt myself", "no pienso en suicidarme") or a leaflet's voice.</summary>
    private static bool Negated(string clause, int at)
    {
        var before = clause[..at];
        var words = Words().Matches(before).TakeLast(4).Select(m => m.Value).ToList();
        var window = string.Join(' ', words);
        return Negation().IsMatch(window) || Informational().IsMatch(clause);
    }

    private static readonly (Regex Pattern, bool Guarded)[] Patterns =
    [
        // English: intent, wishes, plans, methods, self-harm, ideation in the first person.
        (new(@"\b(kill|killing|hurt|hurting|harm|harming|cut|cutting|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|starve|starving|burn|burning)\s+my\s*self\b(?!\s+(with|by)\s+(work|laughing|laughter|studying)\b)(?!\s+(a|an|some|the)\b)", RegexOptions.Compiled), true),
        (new(@"\b(end|ending|take|taking|ended|took)\s+(my\s+(own\s+)?life|it\s+all)\b(?!\s+(plans?|goals?|dreams?|savings|story|insurance)\b)", RegexOptions.Compiled), true),
        (new(@"\b(want|wanted|wanna|wish|wishing|going|planning|plan|ready|decided|deserve|longing)\s+(to\s+)?(die|be dead|not (be|exist|wake up)|disappear forever|sleep forever|never wake up|stop existing|stop living)\b(?!\s+(of|from)\s+(laughter|embarrassment|shame|boredom|laughing|old age)\b)", RegexOptions.Compiled), true),
        (new(@"\b(don'?t|do not|doesn'?t|didn'?t|never)\s+(really\s+)?want\s+to\s+(live|be alive|be here|exist|wake up|go on|keep living|carry on)\b(?!\s+with\b)|\bno\s+longer\s+want\s+to\s+(live|be alive|be here|exist|go on)\b", RegexOptions.Compiled), false),
        (new(@"\b(can'?t|cannot|can not)\s+(go on|keep going|keep living|carry on|live like this|do this anymore|face another day)\b(?!\s+(walks?|holidays?|trips?|dates?|the|a|with (the|my) (diet|treatment|job|course))\b)", RegexOptions.Compiled), false),
        (new(@"\b(better off|be better)\s+(dead|without me|if i (was|were) gone|if i wasn'?t here)\b", RegexOptions.Compiled), false),
        (new(@"\b(wish|wished)\s+i\s+(was|were|had been)\s+(dead|never born|gone)\b|\bwish\s+i\s+(could|would)\s+(die|disappear|not wake up|never wake up|go to sleep (forever|and never wake up))\b|\bhope\s+i\s+(don'?t|never)\s+wake\s+up\b", RegexOptions.Compiled), false),
        (new(@"\bno\s+(reason|point|will)\s+(to|in|for)\s+(live|living|going on|being alive|carry(ing)? on|keep(ing)? going|life)\b|\b(life|living)\s+(is|feels)\s+(not worth|pointless|meaningless)", RegexOptions.Compiled), false),
        (new(@"\bsuicid(e|al|ally)\b", RegexOptions.Compiled), true),
        (new(@"\bself[- ]?harm(ing|ed)?\b|\bcutting\s+(again|my\s+(arms|wrists|legs|thighs))\b|\bcut\s+my\s+(wrists|arms|thighs)\b", RegexOptions.Compiled), true),
        (new(@"\b(saving|stockpiling|hoarding|collecting|counting)\s+(up\s+)?(my\s+|the\s+)?(pills|meds|medication|tablets|painkillers|sleeping pills)\b|\b(take|taking|swallow|swallowing)\s+(all|the whole bottle of)\s+(my|the|of my)?\s*(pills|meds|tablets|painkillers)\b|\boverdos(e|ing)\s+on\s+purpose\b", RegexOptions.Compiled), true),
        (new(@"\b(goodbye|farewell|suicide)\s+(note|letter)\b|\bsaying\s+goodbye\s+(to everyone|for good|forever)\b|\bjump(ing)?\s+(off|from|in front of)\s+(a|the)\s+(bridge|building|roof|train|balcony|cliff)\b", RegexOptions.Compiled), true),
        (new(@"\b(not|won'?t|will not)\s+be\s+(here|around)\s+(much longer|for long|anymore|by (then|tomorrow|next week))\b", RegexOptions.Compiled), false),
        (new(@"\b(i'?m|i am|i'?ve been|i feel|feeling)\s+(a\s+)?(burden to everyone|ready to give up on life|done with life|done living|tired of (living|being alive))\b|\btired of (living|being alive)\b|\bdone with (life|living)\b", RegexOptions.Compiled), false),

        // Spanish.
        (new(@"\b(quiero|queria|quisiera|deseo|desearia|voy a|pienso en|pensando en|pienso|he pensado en|pense en|ganas de|intente|he intentado|intento|planeando|decidi)\s+(morir(me)?|matarme|suicidarme|quitarme la vida|acabar con (mi vida|todo)|desaparecer para siempre|dejar de vivir|no despertar|no existir)\b(?!\s+(de|a)\s+(la\s+|el\s+)?(risa|verguenza|hambre|sueno|ganas|envidia|frio|calor|aburrimiento|pena|trabajar|estudiar|viejo|vieja|mayor|anciano|anciana)\b)", RegexOptions.Compiled), true),
        (new(@"\bno\s+(quiero|deseo|tengo ganas de)\s+(seguir\s+)?(vivir|viviendo|estar aqui|existir|despertar(me)?|seguir adelante)\b(?!\s+con\b)|\bya\s+no\s+quiero\s+(vivir|estar aqui|seguir)\b", RegexOptions.Compiled), false),
        (new(@"\b(matarme|suicidarme|suicidarse|quitarme la vida|quitarse la vida|acabar con mi vida|hacerme dano|autolesion(arme|es|ando|e|o)?|cortarme( las venas| los brazos)?|ahorcarme|colgarme|tirarme (por|de|desde|a|delante de|bajo)\s+(la|el|un|una|las)\s+(ventana|balcon|puente|edificio|azotea|vias|tren|coche))\b(?!\s+(a|de)\s+(trabajar|estudiar|entrenar|reir|correr|limpiar|caminar|hacer|risa))(?!\s+el\s+pelo)", RegexOptions.Compiled), true),
        (new(@"\bsuicid(io|a|as)\b|\bideas?\s+suicidas?\b|\bpensamientos\s+suicidas\b|\bideacion\s+suicida\b", RegexOptions.Compiled), true),
        (new(@"\b(estarian|estaria|estarias|estarian todos)\s+mejor\s+sin\s+mi\b|\bmejor\s+(estaria|estar)\s+muert[oa]\b|\bojala\s+(estuviera|estuviese|me muriera|me muera|no despierte|no despertara|no haber nacido)\b|\bpara que seguir viviendo\b", RegexOptions.Compiled), false),
        (new(@"\bno\s+(le\s+)?(veo|encuentro|tiene|tengo|hay)\s+(ningun\s+|ninguna\s+)?(sentido|razon|razones|motivo|motivos)\s+(a la vida|a mi vida|para vivir|para seguir( viviendo| adelante)?|de vivir|a seguir viviendo|en vivir)\b|\bno\s+puedo\s+(seguir\s+viviendo|mas con (la|mi) vida|seguir asi,? quiero morir)", RegexOptions.Compiled), false),
        (new(@"\b(juntando|guardando|acumulando|ahorrando)\s+(las\s+|mis\s+)?(pastillas|medicamentos|pildoras|medicinas)\b|\btomarme\s+(todas\s+)?(las|mis)\s+(pastillas|pildoras)\s+(de golpe|juntas|de una vez)\b|\b(carta|nota)\s+de\s+despedida\b|\bdespedirme\s+(de todos|de todo el mundo|para siempre)\b|\b(cansad[oa]|harta|harto)\s+de\s+vivir\b|\bme\s+(corto|cortaba|he cortado|he vuelto a cortar|lastimo a proposito|hago dano a proposito)\b(?!\s+(el|la|los|las|un|una)\s+(pelo|unas|flequillo|barba|dedo|uña))", RegexOptions.Compiled), true),
    ];

    [GeneratedRegex(@"[.!?;\n]+|\bbut\b|\bpero\b")]
    private static partial Regex Clauses();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[\p{L}']+")]
    private static partial Regex Words();

    // Denials and a leaflet's or a third person's voice.
    [GeneratedRegex(@"\b(never|not|no|nor|n't|wouldn't|won't|don't|didn't|isn't|aren't|wasn't|without|denied|deny|denies|screen(ed|ing)?|asked (me )?(if|whether)|prevention|risk of|rates?|warning|leaflet|label|nunca|jamas|ni|sin|prevencion|riesgo de|tasa|prospecto|preguntaron si|me pregunto si|advierte)\b|n't\b")]
    private static partial Regex Negation();

    // A leaflet's, a study's or a charity's voice anywhere in the clause: the words are about the subject, not the writer.
    [GeneratedRegex(@"\b(listed|leaflet|warnings?|label|prevention|rates?|risk score|awareness|charit(y|ies)|statistics|prospecto|advertencias?|advierte|prevencion|tasas?|estadisticas?)\b")]
    private static partial Regex Informational();

    // Idioms that use the words without meaning them.
    [GeneratedRegex(@"\b(is|are|was|were|it's|its|they're)\s+killing\s+me\b|\bkilling\s+(me|my)\s+(budget|wallet|bank|back|feet|knees|sleep)\b|\b(dying|die)\s+(to|for)\b|\bto\s+die\s+for\b|\b(bored|scared|worried|tired|sick)\s+to\s+death\b|\bme\s+muero\s+de\s+\w+\b|\bme\s+(esta|estan)\s+matando\b|\bme\s+mata(n)?\b|\bsuicide\s+squad\b|\bkill(ing)?\s+time\b|\bescuadron\s+suicida\b")]
    private static partial Regex Idioms();
}
