namespace PatientAtlas.Features.Experiences;

public sealed partial class CrisisRules
{
    // What a verb of dying is not about when it goes on "de risa", "a trabajar"... (the idiom, not the wish).
    private const string SpanishIdiomTail = @"(?!\s+(de|a|por)\s+(la\s+|el\s+)?(risa|verguenza|hambre|sueno|ganas|envidia|frio|calor|aburrimiento|pena|miedo|cansancio|trabajar|estudiar|entrenar|correr|limpiar|reir|viejo|vieja|mayor|anciano|anciana|probarlo|verte|verlo)\b)";

    /// <summary>Spanish: infinitive and clitic-first forms ("quiero matarme", "me quiero matar"), plans, means, time, slang.</summary>
    public static readonly CrisisRules Spanish = new("es",
    [
        Guarded(@"\b(quiero|queria|quisiera|deseo|desearia|voy a|iba a|pienso en|pensando en|pienso|he pensado en|pense en|ganas de|intente|he intentado|intento|planeando|decidi|tengo que|deberia|necesito|prefiero|busco como|como)\s+(morir(me)?|matarme|suicidarme|quitarme la vida|acabar con (mi vida|todo)|terminar con (mi vida|todo)|desaparecer para siempre|dejar de vivir|dejar de existir|no despertar|no existir|desvivirme|ahorcarme|colgarme|irme para siempre)\b" + SpanishIdiomTail),
        // The clitic first: "me quiero morir", "me voy a matar", "me quiero suicidar", "me voy a quitar la vida".
        Guarded(@"\bme\s+(quiero|quisiera|voy\s+a|iba\s+a|pienso|tengo\s+que|deberia|gustaria|dan\s+ganas\s+de|planeo|vuelvo\s+a)\s+(morir|matar|suicidar|quitar\s+la\s+vida|ahorcar|colgar|desvivir|cortar\s+las\s+venas|ir\s+para\s+siempre|tirar\s+(por|de|desde|a|bajo|delante\s+de|del|al)\s+((la|el|un|una|las|los)\s+)?(ventana|balcon|puente|edificio|azotea|vias|tren|metro|coche|acantilado|terraza))\b(?!\s+(a\s+)?(la\s+)?(risa|trabajar|estudiar|entrenar))" + SpanishIdiomTail),
        Guarded(@"\bme\s+(mato|matare|suicido|suicidare)\b(?!\s+(de|a|por|con|el|la|los|las|un|una|mi|mis)\b)|\b(memato|quitarmelavida|mequieroquitarlavida)\b|(?<![a-z])(me)?(quiero|quisiera|voya)(morir|matar|suicidar|desvivir)(me)?(?![a-z])"),
        Always(@"\bno\s+(quiero|deseo|tengo ganas de|merezco)\s+(seguir\s+)?(vivir|viviendo|estar aqui|estar viv[oa]|existir|despertar(me)?|seguir adelante)\b(?!\s+con\b)|\bya\s+no\s+quiero\s+(vivir|estar aqui|seguir)\b"),
        Guarded(@"\b(matarme|suicidarme|suicidarse|quitarme la vida|quitarse la vida|acabar con mi vida|hacerme dano|desvivirme|autolesion\w*|cortarme( las venas| los brazos)?|ahorcarme|colgarme|tirarme (por|de|desde|a|delante de|bajo)\s+(la|el|un|una|las|del|al)\s*(ventana|balcon|puente|edificio|azotea|vias|tren|metro|coche))\b(?!\s+(a|de)\s+(trabajar|estudiar|entrenar|reir|correr|limpiar|caminar|hacer|risa))(?!\s+el\s+pelo)"),
        Guarded(@"(?<!\bse\s)\bsuicid(io|a|as|arme|ar)\b|\bideas?\s+suicidas?\b|\bpensamientos\s+suicidas\b|\bideacion\s+suicida\b|\bdesvivir(me)?\b"),
        Always(@"\b(estarian|estaria|estarias|estarian todos)\s+mejor\s+(sin\s+mi|si\s+(yo\s+)?no\s+(estuviera|estuviese|existiera|existiese))\b|\bmejor\s+(estaria|estar)\s+muert[oa]\b|\bojala\s+(estuviera|estuviese|me muriera|me muera|no despierte|no despertara|no haber nacido)\b|\bpara que seguir viviendo\b|\b(prefiero|preferiria)\s+estar\s+muert[oa]\b"),
        Always(@"\bno\s+(le\s+)?(veo|encuentro|tiene|tengo|hay)\s+(ningun\s+|ninguna\s+)?(sentido|razon|razones|motivo|motivos)\s+(a la vida|a mi vida|para vivir|para seguir( viviendo| adelante)?|de vivir|a seguir viviendo|en vivir|vivir|seguir viviendo)\b|\bno\s+puedo\s+(seguir\s+viviendo|mas con (la|mi) vida|seguir asi,? quiero morir)"),
        Always(@"\bno\s+despertar(me)?\s+(nunca|jamas)\b|\b(dormir(me)?|irme)\s+para\s+siempre\b|\bnadie\s+me\s+(echaria|echara)\s+de\s+menos\b|\bno\s+(voy\s+a\s+estar|estare)\s+(aqui|por\s+aqui)\s+(mucho\s+(tiempo\s+)?mas|por\s+mucho\s+tiempo)\b|\bpara\s+cuando\s+(ya\s+)?no\s+este\b"),
        // Plans, means and time.
        Guarded(@"\b(acabo|acabare|termino|terminare|voy\s+a\s+acabar|voy\s+a\s+terminar)\s+con\s+(mi\s+vida|todo)\b(?!\s+(el|la|lo|los|las|este|esta|eso|esto)\b)|\bes\s+mi\s+ultim[oa]\s+(noche|dia|mensaje)\b|\besta\s+noche\s+es\s+la\s+(ultima|noche)\b|\besto\s+es\s+el\s+final\b(?!\s+de\b)"),
        Guarded(@"\b(pastillas|pildoras|medicamentos|medicinas)\s+(preparadas|listas|guardadas|juntas)\b(?!\s+para\s+(manana|el|la|mi|los|las|cuando|desayunar|cenar))|\bme\s+(tomo|tomare|voy\s+a\s+tomar)\s+todas\s+(las|mis)\s+(pastillas|pildoras)\b(?!\s+(como|que|cada|segun|a\s+su\s+hora|del\s+dia))"),
        Guarded(@"\b(cuerda|soga)\s+(esta\s+)?(lista|preparada|atada)\b|\b(compre|he\s+comprado|tengo)\s+(una|la)\s+(cuerda|soga)\b(?!\s+(de|para)\b)"),
        Always(@"\bcartas?\s+(a|para)\s+mis\s+(hijos|hijas|nietos|padres|familia)\b|\blist[oa]\s+para\s+(irme|morir|partir)\b(?!\s+de\s+(vacaciones|viaje|casa))|\bme\s+hago\s+(cortes|heridas)\b"),
        Guarded(@"\b(juntando|guardando|acumulando|ahorrando)\s+(las\s+|mis\s+)?(pastillas|medicamentos|pildoras|medicinas)\b|\btomarme\s+(todas\s+)?(las|mis)\s+(pastillas|pildoras)\s+(de golpe|juntas|de una vez)\b|\b(carta|nota)s?\s+de\s+despedida\b|\bdespedirme\s+(de todos|de todo el mundo|para siempre)\b|\b(cansad[oa]|harta|harto)\s+de\s+vivir\b|\bme\s+(corto|cortaba|he cortado|he vuelto a cortar|lastimo a proposito|hago dano a proposito)\b(?!\s+(el|la|los|las|un|una)\s+(pelo|unas|flequillo|barba|dedo|una))"),
    ],
    Compiled(@"[.!?;\n]+|\bpero\b"),
    Compiled(@"\bme\s+muero\s+(de|por)\s+\w+\b|\bme\s+(esta|estan)\s+matando\b|\bme\s+mata(n)?\b|\bescuadron\s+suicida\b|\bmatar\s+el\s+tiempo\b|\bmuert[oa]\s+de\s+\w+\b|\bestoy\s+que\s+me\s+muero\b|\bse\s+(suicida|suicido|mato|mata)\b"),
    Compiled(@"\b(nunca|jamas|ni|sin|no|prevencion|riesgo de|tasa|prospecto|preguntaron si|me pregunto si|advierte|casi)\b"),
    Compiled(@"\b(prospecto|advertencias?|advierte|prevencion|tasas?|estadisticas?)\b|\b(medic[oa]|enfermer[oa]|psicolog[oa]|psiquiatra|neurolog[oa]|doctora?)\s+(me\s+)?pregunt(o|a)\s+si\b|\bme\s+preguntaron\s+si\b"));
}
