namespace PatientAtlas.Features.Experiences;

public sealed partial class CrisisRules
{
    /// <summary>English: first-person intent, wishes, plans with their means and time, self-harm, ideation, slang.</summary>
    public static readonly CrisisRules English = new("en",
    [
        // Killing or hurting oneself ("kill myself", "k i l l  m y s e l f" → "kill myself"; "kill​myself" → "killmyself").
        Guarded(@"\b(kill?|killing|kil|hurt|hurting|harm|harming|cut|cutting|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|starve|starving|burn|burning|unalive|unaliving|off|offing|end|ending|delete|deleting)\s*my\s*self\b(?!\s+(with|by)\s+(work|laughing|laughter|studying)\b)(?!\s+(a|an|some|the)\b)"),
        Guarded(@"\b(burn(ed|t)?|cut|hit|hurt|scratch(ed)?|punch(ed)?)\s+myself\s+(on\s+purpose|again|deliberately)\b"),
        // Ending one's life, or "it", with intent, a plan or a time.
        Guarded(@"\b(end|ending|ended|take|taking|took|finish|finishing)\s+(my\s+(own\s+)?life|it\s+all)\b(?!\s+(plans?|goals?|dreams?|savings|story|insurance)\b)"),
        Guarded(@"\b(going\s+to|gonna|want\s+to|wanna|will|i'?ll|should|ready\s+to|decided\s+to|plan(ning)?\s+to|about\s+to|just|finally)\s+(just\s+|finally\s+)?(end|finish)\s+(it|everything|things|it\s+all)\b(?!\s+(with|between)\b)"),
        Guarded(@"\b(i'?m|i\s+am)\s+(ending|finishing)\s+(it|everything|things|my\s+life)\b(?!\s+(with|between)\b)|\b(tonight|tomorrow|this\s+(weekend|week))\s+i'?(m|ll|\s+will|\s+am)\s+(going\s+to\s+)?(end|ending)\s+(it|everything)\b|\bi\s+end\s+everything\b"),
        Guarded(@"\b(want|wanted|wanna|wish|wishing|going|planning|plan|ready|decided|deserve|longing|trying|try)\s+((to|2)\s+)?(die|be dead|not (be|exist|wake up)|disappear forever|sleep forever|never wake up|stop existing|stop living|stop being alive|be gone)\b(?!\s+(of|from|in)\s+(laughter|embarrassment|shame|boredom|laughing|old age|my sleep peacefully)\b)"),
        Guarded(@"\bwant\s+(my\s+life|it\s+all|everything|all\s+of\s+this)\s+to\s+(be\s+over|end|stop)\b|\b(it|it\s+all|everything)\s+to\s+(stop|end)\s+(forever|for\s+good)\b"),
        Always(@"\b(don'?t|do not|doesn'?t|didn'?t|never)\s+(really\s+)?(want|deserve)\s+to\s+(live|be alive|be here|exist|wake up|go on|keep living|carry on)\b(?!\s+with\b)|\bno\s+longer\s+want\s+to\s+(live|be alive|be here|exist|go on)\b"),
        Always(@"\b(can'?t|cannot|can not)\s+(go on|keep going|keep living|carry on|live like this|do this anymore|face another day)\b(?!\s+(walks?|holidays?|trips?|dates?|the|a|with (the|my) (diet|treatment|job|course))\b)"),
        Always(@"\b(better off|be better)\s+(dead|without me|if i (was|were) gone|if i wasn'?t here)\b|\b(world|everyone|everybody|they|family)\s+(would\s+be|is|are)\s+better\s+(off\s+)?without\s+me\b"),
        Always(@"\b(wish|wished)\s+i\s+(was|were|had been|had)\s+(dead|never born|never been born|gone)\b|\bwish\s+i\s+(could|would)\s+(die|disappear|not wake up|never wake up|go to sleep (forever|and never wake up))\b|\bhope\s+i\s+(don'?t|never)\s+wake\s+up\b"),
        Always(@"\b(sleep|bed)\s+and\s+(never|not)\s+wake\s+up\b|\bto\s+never\s+wake\s+up\b"),
        Always(@"\bno\s+(reason|point|will)\s+(to|in|for)\s+(live|living|going on|being alive|carry(ing)? on|keep(ing)? going|life)\b|\b(life|living)\s+(is|feels)\s+(not worth|pointless|meaningless)|\bno\s+way\s+out\s+(except|but|other\s+than)\s+(dying|death|suicide)\b"),
        Always(@"\b(i'?d|i\s+would)\s+rather\s+be\s+dead\b"),
        Guarded(@"\bsuicid(e|al|ally)\b|\bsui\s?cide\b"),
        Guarded(@"\bself[- ]?harm(ing|ed)?\b|\bcutting\s+(again|my\s+(arms|wrists|legs|thighs))\b|\bcut\s+my\s+(wrists|arms|thighs)\b"),
        // Means, with a plan or a time.
        Guarded(@"\b(saving|stockpiling|hoarding|collecting|counting)\s+(up\s+)?(my\s+|the\s+)?(pills|meds|medication|tablets|painkillers|sleeping pills)\b|\b(take|taking|swallow|swallowing)\s+(all|every|the whole bottle of|the rest of)\s+(of\s+)?(my|the)?\s*(pills?|meds|tablets|painkillers)\b(?!\s+(as|like)\s+(prescribed|usual))|\boverdos(e|ing)\s+(on\s+purpose|tonight|tomorrow|this\s+weekend)\b|\b(going\s+to|gonna|plan(ning)?\s+to|want\s+to|will|about\s+to)\s+(overdose|od)\b"),
        Guarded(@"\b(pills|meds|tablets|painkillers|insulin)\s+(are\s+|is\s+)?(ready|saved|lined\s+up|counted)\b(?!\s+(for|in)\s+(the|my|a|tomorrow)\b(?!\s*tonight))|\benough\s+(pills|meds|tablets|painkillers|insulin)\b[^.]*\bto\s+(finish|end|do)\s+it\b"),
        Guarded(@"\b(the|a|my)\s+(rope|noose)\s+(is\s+)?(ready|tied|up)\b|\b(have|got|bought)\s+(the|a)\s+(rope|noose)\b(?!\s+(for|swing|course|ladder|in|at|to\s+(climb|tie)))"),
        Guarded(@"\bjump(ing)?\s+(off|from|in front of)\s+(a|the|my)\s+(bridge|building|roof|train|balcony|cliff|window)\b|\b(drive|crash|steer)\s+(my\s+car\s+)?(into|off)\s+(a|the)\s+(wall|tree|bridge|cliff|truck|lorry)\b|\b(painless|easy|quick|best)\s+(ways?|methods?)\s+to\s+(die|end it|kill myself)\b"),
        Always(@"\b(goodbye|farewell|suicide)\s+(notes?|letters?)\b|\bsaying\s+goodbye\s+(to everyone|for good|forever)\b|\b(said|say)\s+my\s+goodbyes\b|\bgoodbye\s+(everyone|all|world|cruel world)\b|\bthis\s+is\s+my\s+last\s+(post|message|day|night)\b|\btonight\s+is\s+the\s+night\b"),
        Always(@"\bletters?\s+(to|for)\s+my\s+(children|kids|family|son|daughter|husband|wife|partner|parents)\b(?!')|\b(after|when)\s+i'?m\s+gone\b|\bready\s+to\s+(go|leave)\s+(now|for good|forever)\b"),
        Always(@"\b(not|won'?t|will not)\s+be\s+(here|around)\s+(much longer|for long|anymore|by (then|tomorrow|next week))\b|\b(nobody|no one|no-one)\s+would\s+(even\s+)?(notice|care|miss me)\s+if\s+i\s+(was|were|died|disappeared|left)\b"),
        Always(@"\b(i'?m|i am|i'?ve been|i feel|feeling)\s+(a\s+)?(burden to everyone|ready to give up on life|done with life|done living|tired of (living|being alive))\b|\btired of (living|being alive)\b|\bdone with (life|living)\b"),
        // Slang, and its letters run together.
        Always(@"\bunaliv(e|ing)\b|\bsewer\s*slide\b|\bkms\b|\b(i'?m\s+(going\s+to|gonna)|i\s+(should|will|want\s+to|wanna|might)|gonna|wanna|time\s+to|i'?ll|going\s+to)\s+((just|probably|prob|finally|really|literally)\s+)?(kys|ctb|kms|rope)\b"),
        Always(@"killmyself|endmylife|takemy(own)?life|endingitall|endmyself|(?<![a-z])i?(want|wanna|gonna|goingto)(to)?(die|killmyself|endmylife|endit(all)?)(?![a-z])"),
    ],
    Compiled(@"[.!?;\n]+|\bbut\b"),
    // Idioms that use the words without meaning them.
    Compiled(@"\b(is|are|was|were|it's|its|they're)\s+killing\s+me\b|\bkilling\s+(me|my)\s+(budget|wallet|bank|back|feet|knees|sleep)\b|\b(dying|die)\s+(to|for)\b|\bto\s+die\s+for\b|\b(bored|scared|worried|tired|sick)\s+to\s+death\b|\bsuicide\s+squad\b|\bkill(ing)?\s+time\b"),
    Compiled(@"\b(never|not|no|nor|n't|wouldn't|won't|don't|didn't|isn't|aren't|wasn't|without|denied|deny|denies|screen(ed|ing)?|asked (me )?(if|whether)|prevention|risk of|rates?|warning|leaflet|label)\b|n't\b"),
    // A leaflet's, a study's or a charity's voice anywhere in the clause: the words are about the subject, not the writer.
    Compiled(@"\b(listed|leaflet|warnings?|label|prevention|rates?|risk score|awareness|charit(y|ies)|statistics)\b|\b(he|she|they|doctor|nurse|gp|neurologist|psychiatrist|psychologist|therapist|counsellor|counselor)\s+asked\s+(me\s+)?(if|whether)\b"));
}
