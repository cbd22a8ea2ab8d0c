"""Lexical cues in user messages: frustration, asking for a human, gratitude / confirmation of success.

Owns: the multilingual cue lexicons (en, es, pt, fr, de) and the rules that turn matches into
- a frustration score in [0, 1] with the list of cues that fired (stable names such as
  ``complaint:wrong``, ``punctuation``, ``shouting``),
- ``asks_for_human`` (boolean + cue name),
- ``gratitude`` (boolean + cue name), the implicit success signal, blocked by negation, polite refusals
  ("no thanks"), "thanks anyway" and any complaint in the same message.

Matching runs on a folded copy of the text (case-folded, accents stripped, typographic apostrophes
normalised), so "não funciona" and "nao funciona", "ça marche" and "ca marche" are the same. All
languages' patterns run on every message: short messages are exactly where language detection says
"und", and the phrases of the five languages rarely collide. Lexicons are precision-oriented phrases,
not single ambiguous words; see docs/signals.md for their measured behaviour and known limits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------------------------
# Text folding

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'", "\u02bc": "'", "\u2032": "'"})
_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Case-fold, strip accents and normalise apostrophes/whitespace: the form every lexicon is written in."""
    text = text.translate(_APOSTROPHES)
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _SPACES.sub(" ", text.casefold()).strip()


# --------------------------------------------------------------------------------------------------------------
# Frustration lexicon: cue name -> language -> regex fragments (on folded text).

_NT = r"(?:n'?t| not)"  # "doesn't", "doesnt", "does not"

FRUSTRATION_LEXICON: dict[str, dict[str, list[str]]] = {
    "complaint:wrong": {
        "en": [
            r"\b(?:that|this|it|you|your answer|the answer|that answer|the result|the info(?:rmation)?)"
            r"(?:'?s| is| are|'re| was| were) (?:still |just |totally |completely |all |so |clearly |absolutely "
            r"|simply |plain |obviously |dead )?(?:wrong|incorrect|false|inaccurate|mistaken|lying)\b",
            r"\b(?:that|this|it)(?:'?s| is| was) not (?:right|correct|true|accurate|it)\b",
            r"\b(?:that|this|it) (?:isn'?t|wasn'?t) (?:right|correct|true|accurate|it)\b",
            r"\bwrong (?:answer|again|info(?:rmation)?|response|reply)\b",
            r"\byou got (?:it|that|this) wrong\b",
            r"^(?:no[,.! ]+)?(?:wrong|incorrect|false)\b",
        ],
        "es": [
            r"(?<!\bno )\b(?:eso |esto |la respuesta |tu respuesta )?(?:esta|es) (?:todo |totalmente "
            r"|completamente |muy )?(?:mal|incorrect[oa]|equivocad[oa]|errone[oa]|falso|falsa|mentira)\b",
            r"\bno es (?:correcto|cierto|asi)\b",
            r"\b(?:te equivocas|estas equivocad[oa]|te has equivocado|te equivocaste)\b",
            r"\brespuesta (?:incorrecta|equivocada|erronea)\b",
        ],
        "pt": [
            r"(?<!\bnao )\b(?:isso |isto |a resposta |sua resposta )?(?:esta|ta|e) (?:totalmente |completamente "
            r"|tudo |muito )?(?:errad[oa]|incorret[oa]|falso|falsa|mentira)\b",
            r"\bnao (?:e|esta|ta) (?:certo|corret[oa]|verdade)\b",
            r"\b(?:voce|vc) (?:esta|ta) errad[oa]\b",
            r"\bresposta errada\b",
            r"\bvoce se enganou\b",
        ],
        "fr": [
            r"\bc'?est (?:totalement |completement |tout |encore |toujours |archi ?)?(?:faux|incorrect|errone)\b",
            r"\b(?:ce n'?est|c'?est) pas (?:juste|correct|vrai|exact|ca)\b",
            r"\b(?:tu as|vous avez|t'?as) tort\b",
            r"\bmauvaise reponse\b",
            r"\b(?:tu te trompes|vous vous trompez)\b",
            r"\bc'?est (?:un )?mensonge\b",
        ],
        "de": [
            r"\b(?:das|es|dies|die antwort|deine antwort)(?: ist| war) (?:doch |leider |total |voll |komplett "
            r"|einfach |ganz |schon wieder |wieder )?(?:falsch|nicht richtig|nicht korrekt|inkorrekt|unrichtig"
            r"|gelogen)\b",
            r"(?:^|\b(?:das|dies|es|so) )stimmt (?:doch |so |leider |einfach |immer noch |gar |uberhaupt )?nicht\b",
            r"\bfalsche antwort\b",
            r"\bdu (?:liegst falsch|irrst dich|hast unrecht)\b",
            r"^falsch\b",
        ],
    },
    "complaint:not_what_i_asked": {
        "en": [
            r"\bnot what i (?:asked|wanted|meant|said|was asking|was looking for|need(?:ed)?|requested|typed)\b",
            r"\bthat'?s not (?:my|the|what my) question\b",
            r"\bi (?:didn'?t|did not|never) (?:ask|say|want) (?:for |about )?(?:that|this)\b",
            r"\b(?:didn'?t|did not|don'?t|do not|never) answer(?:ed)? (?:my|the) question\b",
            r"\banswer (?:my|the) (?:damn |fucking |bloody |freaking )?question\b",
            r"\bthat'?s not (?:a|an) (?:answer|reply)\b",
            r"\bthat (?:doesn'?t|does not|didn'?t|did not) answer\b",
            r"\b(?:irrelevant|off[- ]topic)\b",
        ],
        "es": [
            r"\bno (?:es|era|fue) (?:eso )?lo que (?:yo )?(?:te |le )?(?:pedi|pregunte|queria|quise decir|dije"
            r"|necesito|necesitaba|busco|buscaba|solicite)\b",
            r"\b(?:yo )?no (?:te |le )?(?:pregunte|pedi) (?:eso|por eso)\b",
            r"\bno (?:respondiste|contestaste|has respondido|has contestado)\b",
            r"\b(?:responde|contesta|respondeme|contestame) (?:a )?(?:mi|la) pregunta\b",
            r"\beso no (?:responde|contesta)\b",
            r"\bno tiene nada que ver\b",
        ],
        "pt": [
            r"\bnao (?:e|foi|era) (?:isso )?(?:o )?que (?:eu )?(?:te |lhe )?(?:pedi|perguntei|queria|quis dizer"
            r"|disse|preciso|precisava|procuro|solicitei)\b",
            r"\b(?:eu )?nao (?:te |lhe )?(?:pedi|perguntei) (?:isso|por isso)\b",
            r"\bnao respondeu (?:a )?minha pergunta\b",
            r"\bresponda (?:a )?(?:minha|a) pergunta\b",
            r"\bnao tem nada a ver\b",
            r"\bnao e isso\b",
        ],
        "fr": [
            r"\bpas ce que (?:j'?ai |je t'?ai |je vous ai |je )(?:demande|dit|voulais|cherche|veux)\b",
            r"\bce n'?est pas (?:ma|la) question\b",
            r"\bje (?:n'?ai|ne t'?ai|ne vous ai|t'?ai|vous ai) (?:jamais |pas )demande (?:ca|cela)\b",
            r"\b(?:reponds|repondez) (?:a )?(?:ma|la) question\b",
            r"\b(?:tu n'?as|vous n'?avez|t'?as) pas repondu\b",
            r"\b(?:rien a voir|hors sujet)\b",
        ],
        "de": [
            r"\bnicht,? (?:das,? )?was ich (?:gefragt|gemeint|gewollt|gesagt|wollte|meinte|brauche|suche"
            r"|wissen wollte)\b",
            r"\b(?:das|danach) (?:habe|hab) ich (?:doch )?nicht gefragt\b",
            r"\bbeantworte (?:doch |einfach |endlich )?(?:meine|die) frage\b",
            r"\bdas beantwortet (?:meine|die) frage nicht\b",
            r"\b(?:du hast|sie haben) (?:meine|die) frage nicht beantwortet\b",
            r"\b(?:thema verfehlt|hat nichts damit zu tun)\b",
        ],
    },
    "complaint:useless": {
        "en": [
            r"\b(?:useless|worthless|pointless)\b",
            r"\b(?:you'?re|you are|this is|that'?s|that is|it'?s|it is|that was|this was) (?:so |completely "
            r"|totally |absolutely |really |pretty |just )?(?:no help|not helpful|unhelpful|a waste of time"
            r"|garbage|rubbish|the worst)\b",
            r"\bwaste of (?:my )?time\b",
            r"\bthanks? (?:you )?for nothing\b",
            r"\byou suck\b",
        ],
        "es": [
            r"\binutil(?:es)?\b",
            r"\bno sirves\b",
            r"\bno (?:me )?sirve (?:de|para) nada\b",
            r"\b(?:una )?perdida de tiempo\b",
            r"\bgracias por nada\b",
            r"\beres (?:un |una )?(?:pesimo|pesima|malisimo|malisima|lo peor)\b",
        ],
        "pt": [
            r"\binutil\b",
            r"\bnao (?:me )?serve (?:pra|para|de) nada\b",
            r"\b(?:uma )?perda de tempo\b",
            r"\bobrigad[oa] por nada\b",
            r"\bvoce e (?:pessimo|pessima|horrivel)\b",
        ],
        "fr": [
            r"\b(?:tu es|t'?es|vous etes|c'?est|ce bot est|ce chatbot est) (?:vraiment |completement |totalement "
            r"|trop |super )?(?:nul|nulle|inutile|bidon|pourri|une perte de temps)\b",
            r"\b(?:tu|vous) (?:ne )?(?:sers|servez) (?:vraiment |strictement )?a rien\b",
            r"\bperte de temps\b",
            r"\bmerci pour rien\b",
            r"\b(?:ca|cela) (?:ne )?sert a rien\b",
        ],
        "de": [
            r"\b(?:nutzlos|unbrauchbar|sinnlos|zeitverschwendung)\b",
            r"\bbringt (?:doch |mir |einfach |gar |uberhaupt )?nichts\b",
            r"\bdu bist (?:echt |so |voll |total |wirklich |einfach )?(?:nutzlos|unfahig|keine hilfe|schlecht)\b",
            r"\bdanke fur nichts\b",
        ],
    },
    "complaint:not_working": {
        "en": [
            r"\b(?:that|this|it|your (?:answer|solution|suggestion|code|fix|method|advice|instructions?|steps?))"
            r"(?: still| just| also| again)? (?:does|did|will|wo|is|was|has|ca)" + _NT + r" (?:work|working"
            r"|worked|fix(?:ed)?|solve[ds]?|resolve[ds]?|change anything)\b",
            r"\b(?:that|this|it)(?:'?s| is) (?:still )?not working\b",
            r"\bstill (?:not|doesn'?t|does not|isn'?t|is not|won'?t|didn'?t|did not) (?:work(?:ing)?|fixed"
            r"|resolved|solved)\b",
            r"\bstill (?:broken|failing|crashing)\b",
            r"^(?:still )?(?:(?:does|did)n'?t|does not|did not) work\b|^(?:still )?not working\b",
            r"\bwhy (?:(?:is|does|did)n'?t (?:this|it|that)(?: still)? work(?:ing)?"
            r"|(?:is|does|did) (?:this|it|that)(?: still)? not work(?:ing)?)\b",
            r"\b(?:didn'?t|doesn'?t|does not|did not) work either\b",
            r"\bsame (?:error|problem|issue) (?:again|as before)\b",
        ],
        "es": [
            r"\b(?:no|sigue sin|todavia no|aun no|tampoco) funciona(?:ba|r)?\b",
            r"\bno funciono\b",
            r"\b(?:no|tampoco) (?:me )?(?:sirvio|resolvio|soluciono|arreglo)\b",
            r"\bsigue (?:igual|fallando|dando (?:el mismo )?error)\b",
            r"\b(?:el mismo|mismo) error\b",
        ],
        "pt": [
            r"\b(?:nao|ainda nao|tambem nao) (?:funciona|funcionou|deu certo|resolveu|rolou|adiantou)\b",
            r"\bcontinua (?:sem funcionar|nao funcionando|dando (?:o mesmo )?erro|igual|com (?:o mesmo )?"
            r"(?:erro|problema))\b",
            r"\bo mesmo erro\b",
        ],
        "fr": [
            r"\b(?:ca|cela|ceci|rien|il|elle) (?:ne |n'?)?(?:marche|fonctionne)(?: toujours| encore)? (?:pas|plus)\b",
            r"\b(?:ca|cela) n'?a (?:toujours |encore )?pas (?:marche|fonctionne|aide|resolu|regle)\b",
            r"\b(?:toujours|encore) (?:la meme erreur|le meme probleme)\b",
            r"\btoujours pas (?:bon|regle|resolu)\b",
        ],
        "de": [
            r"\b(?:funktioniert|klappt|geht|lauft)(?: es| das)? (?:immer noch |trotzdem |leider |noch immer |auch "
            r"|schon wieder |wieder |einfach |doch |jetzt |immer )?(?:nicht|nich|net|nimmer)\b(?! um\b)",
            r"\bhat (?:immer noch |leider |auch |wieder |trotzdem |doch )?nicht (?:funktioniert|geklappt|geholfen)\b",
            r"\b(?:derselbe|der gleiche|gleicher) fehler\b",
        ],
    },
    "complaint:not_helping": {
        "en": [
            r"\byou(?:'?re| are)(?: still| just| really)? not (?:helping|helpful|listening|making (?:any )?sense"
            r"|getting it|understanding)\b",
            r"\byou (?:aren'?t|are not) (?:helping|helpful|listening)\b",
            r"\b(?:that|this|it|you)(?:'?s| is| was|'re| are) (?:not (?:very |really |at all )?helpful|no help"
            r"|unhelpful)\b",
            r"\b(?:that|this|it) (?:doesn'?t|does not|didn'?t|did not) help\b",
            r"\bnot helpful\b",
            r"\bstop (?:repeating|saying that|saying the same)\b",
        ],
        "es": [
            r"\bno me (?:estas|esta|estan) ayudando\b",
            r"\bno me (?:ayudas|ayudaste|ayuda|ayudo)\b",
            r"\bno (?:es|fue) (?:de )?(?:ayuda|util)\b",
            r"\bdeja de repetir\b",
        ],
        "pt": [
            r"\bnao (?:esta|ta) (?:me )?ajudando\b",
            r"\bnao (?:me )?(?:ajuda|ajudou)\b",
            r"\bnao (?:e|foi) (?:de )?(?:ajuda|util)\b",
            r"\bpare de repetir\b",
        ],
        "fr": [
            r"\b(?:tu|vous) (?:ne )?(?:m'?)?(?:aides|aidez) pas\b",
            r"\b(?:ca|cela|c'?est) (?:ne )?(?:m'?)?aide pas\b",
            r"\bpas (?:tres |du tout |vraiment )?(?:utile|aidant)\b",
            r"\barrete de (?:te |me )?repeter\b",
        ],
        "de": [
            r"\b(?:du hilfst|das hilft|es hilft|sie helfen) (?:mir )?(?:nicht|nichts|kein bisschen|null|gar nicht"
            r"|uberhaupt nicht)\b",
            r"\b(?:nicht|wenig) hilfreich\b",
            r"\bkeine (?:grosse )?hilfe\b",
            r"\bhor auf,? (?:dich )?(?:zu )?wiederholen\b",
        ],
    },
    "complaint:repeat": {
        "en": [
            r"\bi (?:already|just) (?:said|told you|asked|explained|answered|mentioned|gave you)\b",
            r"\bas i (?:said|told you|mentioned|already said|explained)\b",
            r"\bhow many times (?:do i (?:have|need) to|must i|have i|did i) "
            r"(?:tell|say|ask|explain|repeat|type|write)\b",
            r"\byou (?:already|just) (?:said|asked) (?:that|this)\b",
            r"\byou(?:'?re| are) repeating\b",
        ],
        "es": [
            r"\bya (?:te |se )?(?:lo )?(?:dije|pregunte|explique|conteste|respondi|habia dicho)\b",
            r"\bcomo (?:ya )?te (?:dije|he dicho)\b",
            r"\bcuantas veces (?:te lo |te he |tengo que (?:decir|repetir|explicar|preguntar))",
            r"\bya me (?:lo )?(?:dijiste|preguntaste)\b",
            r"\bte repites\b",
        ],
        "pt": [
            r"\bja (?:te |lhe )?(?:disse|falei|perguntei|expliquei|respondi)\b",
            r"\bcomo (?:eu )?(?:ja )?(?:te )?(?:disse|falei)\b",
            r"\bquantas vezes (?:eu )?(?:tenho que|preciso|vou ter que) (?:dizer|repetir|explicar|perguntar)\b",
            r"\bvoce (?:ja )?(?:disse|perguntou) isso\b",
            r"\bvoce (?:esta|ta) se repetindo\b",
        ],
        "fr": [
            r"\bje (?:te |vous )?(?:l'?)?ai deja (?:dit|demande|explique|repondu)\b",
            r"\bcomme je (?:te |vous )?(?:l'?)?ai (?:deja )?dit\b",
            r"\bcombien de fois (?:je dois|dois-je|faut-il|je t'?ai|je vous ai)",
            r"\btu (?:l'?as|as) deja dit\b",
            r"\btu te repetes\b",
        ],
        "de": [
            r"\b(?:hab|habe) ich (?:dir |ihnen |doch |schon |bereits |eben |gerade )+(?:gesagt|gefragt|erklart"
            r"|geschrieben|beantwortet)\b",
            r"\bwie (?:ich )?(?:schon |bereits )(?:gesagt|erwahnt|geschrieben)\b",
            r"\bwie oft (?:denn )?(?:noch|muss ich (?:dir |ihnen )?(?:das |es )?(?:noch )?"
            r"(?:sagen|erklaren|schreiben))\b",
            r"\bdas hast du (?:schon|bereits) gesagt\b",
            r"\bdu wiederholst dich\b",
        ],
    },
    "complaint:nonsense": {
        "en": [
            r"\b(?:doesn'?t|does not|didn'?t|did not) make (?:any )?sense\b",
            r"\b(?:makes?|made) no sense\b",
            r"\bwhat (?:are you|r u|are u) (?:talking about|on about|saying)\b",
            r"\b(?:nonsense|gibberish)\b",
        ],
        "es": [
            r"\bno tiene (?:ningun |ni )?sentido\b",
            r"\bde que (?:estas hablando|hablas|me hablas)\b",
            r"\b(?:tonterias?|disparates?|sin sentido)\b",
        ],
        "pt": [
            r"\bnao faz (?:nenhum |o menor )?sentido\b",
            r"\bdo que (?:voce )?(?:esta|ta) falando\b",
            r"\b(?:besteira|bobagem|sem sentido)\b",
        ],
        "fr": [
            r"\b(?:ca|cela) n'?a (?:aucun|pas de|pas) (?:de )?sens\b",
            r"\bn'?importe quoi\b",
            r"\bde quoi (?:tu parles|vous parlez|tu me parles)\b",
            r"\b(?:absurde|incoherent)\b",
        ],
        "de": [
            r"\b(?:ergibt|macht) (?:doch |einfach |gar |uberhaupt )?keinen sinn\b",
            r"\b(?:wovon|was) (?:redest|sprichst|laberst) du\b",
            r"\b(?:quatsch|unsinn|blodsinn|schwachsinn)\b",
        ],
    },
    "insult": {
        "en": [
            r"\b(?:stupid|dumb|idiot|idiotic|moron|moronic|imbecile|incompetent|pathetic|retard(?:ed)?"
            r"|brainless|clueless)\b(?! questions?\b)",
            r"\bpiece of (?:shit|crap|junk|garbage)\b",
            r"\byou(?:'?re| are) (?:a |an |such a |so )?(?:joke|garbage|trash|crap|terrible|horrible|awful)\b",
        ],
        "es": [
            r"(?<!pregunta )\b(?:estupid[oa]|idiota|imbecil|tont[oa]|pendej[oa]|basura|payaso)\b",
        ],
        "pt": [
            r"(?<!pergunta )\b(?:burr[oa]|idiota|imbecil|estupid[oa]|lixo|otari[oa]|babaca)\b",
        ],
        "fr": [
            r"(?<!question )\b(?:stupide|idiote?|debile|abrutie?|cretine?|connard|connasse|imbecile)\b",
            r"(?<!match )\bnulle?\b(?! part| ne)",
        ],
        "de": [
            r"\b(?:dumm|dummer|dummes|blod|blode|bloder|doof|idiot|idiotisch|dammlich|bescheuert|vollidiot"
            r"|unfahig|inkompetent|schrott)\b",
            r"\bdumme\b(?! frage)",
        ],
    },
    "profanity": {
        "en": [
            r"\b(?:wtf|ffs|omfg|fml|fuck\w*|f\*+k\w*|shit\w*|sh\*t|damn(?:it)?|goddamn\w*|bullshit|crap|ugh+|argh+)\b",
            r"\bwhat the (?:hell|heck)\b",
        ],
        "es": [r"\b(?:joder|mierda|carajo|hostias?|puta madre|me cago|chingad[oa]|verga|maldita sea|put[oa])\b"],
        "pt": [r"\b(?:porra|merda|caralho|puta que pariu|pqp|foda(?:-?se)?|aff+s?|cacete|vsf|vtnc)\b"],
        "fr": [r"\b(?:merde|putain|ptn|bordel|fai[st] chier|ca me saoule|ca me gonfle|zut)\b"],
        "de": [
            r"\b(?:scheisse|scheiss\w*|verdammt\w*|verflucht\w*|kacke|arschloch)\b",
            r"(?:\bso (?:ein|n) |^)mist\b",
        ],
    },
    "confusion": {
        "en": [
            # "I don't understand why my card was declined" is the user's problem, not confusion at the bot.
            r"\bi (?:don'?t|do not|still don'?t|can'?t|didn'?t) (?:understand|get it|get you|follow)\b(?! why| how)",
            r"\bwhat do you mean\b",
            r"^(?:huh|what|wait what|wut|wat)\s*\?",
        ],
        "es": [
            r"\bno (?:te )?(?:entiendo|entendi)\b",
            r"\b(?:que quieres decir|a que te refieres)\b",
            r"^¿?(?:que|como)\s*\?",
        ],
        "pt": [
            r"\bnao (?:te )?entendi\b",
            r"\bnao (?:estou |to )?entendendo\b",
            r"\b(?:como assim|o que voce quer dizer)\b",
        ],
        "fr": [
            r"\bje (?:ne )?(?:comprends|capte|pige) (?:pas|rien)\b",
            r"\b(?:j'?ai|je n'?ai) pas compris\b",
            r"\bqu'?est-ce que (?:tu veux|vous voulez) dire\b",
            r"^(?:hein|quoi|comment ca)\s*\?",
        ],
        "de": [
            r"\bich versteh(?:e)? (?:das |dich |sie |es )?(?:nicht|nichts|kein wort)\b",
            r"\b(?:versteh|verstehe) ich nicht\b",
            r"\b(?:was meinst du|wie meinst du das)\b",
            r"^(?:hae|ha|was|wie bitte)\s*\?",
        ],
    },
}

# Contribution of each cue to the frustration score (combined as 1 - prod(1 - w)). Set a priori, not fitted:
# one explicit complaint or insult alone reaches 0.6 (>= 0.5, the "frustrated" cut used for F1 in
# bench/signals.py); confusion, profanity and the intensity cues (punctuation, shouting) stay below 0.5
# alone and need a second cue. bench/signals.py reports, per cue, how often it fires after a breakdown
# vs. after a good system turn on DBDC3 English, which checks the ordering of these weights.
CUE_WEIGHTS: dict[str, float] = {
    "complaint:wrong": 0.6,
    "complaint:not_what_i_asked": 0.6,
    "complaint:useless": 0.6,
    "complaint:not_working": 0.6,
    "complaint:not_helping": 0.6,
    "complaint:repeat": 0.6,
    "complaint:nonsense": 0.6,
    "insult": 0.6,
    "profanity": 0.4,
    "confusion": 0.35,
    "punctuation": 0.25,
    "shouting": 0.3,
}
FRUSTRATED_AT = 0.5  # score at which a message counts as "frustrated" (see CUE_WEIGHTS)

# --------------------------------------------------------------------------------------------------------------
# Asking for a human

_STAFF_EN = (
    r"(?:person|human|humans|agent|representative|rep|operator|someone|somebody|anyone|anybody|manager"
    r"|supervisor|staff|employee|advisor|adviser|specialist|technician|team member"
    r"|customer (?:service|support|care)|support)"
)
HUMAN_LEXICON: dict[str, dict[str, list[str]]] = {
    "human:talk_to": {
        "en": [
            r"\b(?:talk|speak|chat|communicate)(?:ing)? (?:to|with) (?:a |an |the |some |your |one of your |any )?"
            r"(?:real |live |actual |human |other |another )?" + _STAFF_EN + r"\b",
        ],
        "es": [
            r"\b(?:hablar|comunicarme|comunicarse|charlar|platicar|contactar|contactarme|conversar) (?:con|a) "
            r"(?:una |un |alguna |algun |el |la |tu |su |un verdadero |una verdadera )?(?:persona|humano|agente"
            r"|asesora?|operadora?|representante|ejecutiva?o?|alguien|encargad[oa]|supervisora?|gerente"
            r"|responsable|emplead[oa]|tecnico|atencion al cliente|servicio al cliente|soporte|especialista)\b",
        ],
        "pt": [
            r"\b(?:falar|conversar|comunicar|comunicar-me|contatar|contactar) (?:com|a|para) (?:uma |um |algum "
            r"|alguma |o |a |seu |sua |um verdadeiro )?(?:pessoa|humano|atendente|agente|operadora?|representante"
            r"|alguem|gerente|supervisora?|funcionari[oa]|consultora?|especialista|tecnico|suporte|atendimento)\b",
        ],
        "fr": [
            r"\b(?:parler|discuter|echanger|communiquer) (?:a|avec) (?:un |une |le |la |votre |un vrai |une vraie "
            r"|un autre |une autre )?(?:humain|personne|conseillere?|agent|operateur|operatrice|interlocuteur"
            r"|responsable|quelqu'?un|technicien|service client|employe|superviseur)\b",
            r"\b(?:etre |me )?mettre en (?:relation|contact) avec\b",
        ],
        "de": [
            r"\b(?:sprechen|reden|verbinde\w*|chatten|telefonieren)\b.{0,30}\bmit (?:einem |einer |jemandem"
            r"|ihrem |einem anderen )?(?:echten |menschlichen |lebenden )?(?:menschen|mensch|person|mitarbeiter(?:in)?"
            r"|berater(?:in)?|agenten|kundenberater(?:in)?|kundendienst|kundenservice|sachbearbeiter(?:in)?"
            r"|vorgesetzten|techniker|support|jemandem)\b",
            r"\bmit (?:einem |einer |jemandem|ihrem |einem anderen )?(?:echten |menschlichen |lebenden )?"
            r"(?:menschen|mensch|person|mitarbeiter(?:in)?|berater(?:in)?|agenten|kundenberater(?:in)?"
            r"|kundendienst|kundenservice|sachbearbeiter(?:in)?|vorgesetzten|techniker|support|jemandem)\b"
            r".{0,30}\b(?:sprechen|reden|verbunden|verbinden|chatten|telefonieren)\b",
        ],
    },
    "human:transfer": {
        "en": [
            r"\b(?:transfer|connect|put|escalate|redirect|forward|pass) (?:me|this|my (?:call|case|ticket|chat"
            r"|request)) (?:through )?(?:to|with) (?:a |an |the |your |one of your )?(?:real |live |human )?"
            + _STAFF_EN + r"\b",
            r"\bescalate (?:this|my (?:case|ticket|issue|request))\b",
            r"\bput me through\b",
        ],
        "es": [
            r"\b(?:pasame|paseme|pasenme|comunicame|comuniqueme|transfiereme|transfierame|conectame|conecteme"
            r"|derivame|deriveme|ponme|pongame) (?:con|a)\b",
        ],
        "pt": [
            r"\b(?:me )?(?:transfira|transfere|passa|passe|encaminhe|encaminha|conecte|conecta)(?:-me)? "
            r"(?:para|pra|com) (?:um|uma|o|a|alguem)\b",
        ],
        "fr": [
            r"\b(?:passez|passe|transferez|transfere|mettez|mets|redirigez|redirige)[- ]moi "
            r"(?:a|avec|vers|en relation)\b",
        ],
        "de": [
            r"\b(?:verbinden sie mich|verbinde mich|leiten sie mich weiter|leite mich weiter)\b",
        ],
    },
    "human:real_person": {
        "en": [
            r"\b(?:real|live|actual) (?:person|human|agent|people|representative)\b",
            r"\bhuman (?:agent|support|representative|operator|please)\b",
            r"\b(?:get|want|need|give me|request|reach|contact) (?:a |an |to )?(?:human|representative|operator"
            r"|live agent)\b",
        ],
        "es": [
            r"\bpersona (?:real|de verdad|humana)\b",
            r"\b(?:agente|atencion) humana?o?\b",
            r"\b(?:quiero|necesito) (?:un |una |a un |a una )?(?:humano|agente|asesor|operador|persona)\b",
        ],
        "pt": [
            r"\bpessoa (?:real|de verdade|humana)\b",
            r"\batendimento humano\b",
            r"\batendente\b",
            r"\b(?:quero|preciso de) (?:um |uma )?(?:humano|atendente|pessoa)\b",
        ],
        "fr": [
            r"\b(?:vrai|vraie|veritable) (?:humain|personne|conseillere?|agent)\b",
            r"\b(?:je veux|je voudrais|j'?aimerais) (?:un |une |parler a un |parler a une )?(?:etre )?(?:humain"
            r"|conseillere?|agent|operateur)\b",
        ],
        "de": [
            r"\becht(?:er|en|e)? (?:mensch|menschen|person|mitarbeiter)\b",
            r"\bmenschliche(?:r|n)? (?:mitarbeiter|ansprechpartner|berater|support)\b",
            r"\bansprechpartner\b",
        ],
    },
    "human:department": {
        "en": [
            r"\bsomeone (?:from|in|at) (?:the )?(?:hr|human resources|it|support|billing|sales|customer service"
            r"|help ?desk|payroll|legal|finance|accounts|your team)\b",
            r"\b(?:contact|reach|call|email|talk to|speak to|speak with|talk with) (?:the )?(?:hr|human resources"
            r"|help ?desk|it support|it department|customer service|customer support|support team|payroll)\b",
        ],
        "es": [
            r"\balguien (?:de|del|en) (?:rrhh|recursos humanos|soporte|sistemas|ti|nominas|atencion al cliente"
            r"|ventas|facturacion|contabilidad)\b",
            r"\b(?:contactar|llamar|escribir) (?:a|con) (?:rrhh|recursos humanos|soporte)\b",
        ],
        "pt": [
            r"\balguem (?:do|da|de|no|na) (?:rh|recursos humanos|suporte|ti|financeiro|atendimento|vendas"
            r"|cobranca)\b",
        ],
        "fr": [
            r"\bquelqu'?un (?:des|du|de la|de l'?|au|aux) ?(?:rh|ressources humaines|support|service client"
            r"|informatique|service informatique|paie|comptabilite)\b",
        ],
        "de": [
            r"\bjemand(?:em|en)? (?:von|aus) (?:der |dem )?(?:hr|personalabteilung|personal|it|it-abteilung"
            r"|support|kundendienst|buchhaltung|lohnbuchhaltung)\b",
        ],
    },
    "human:bare": {
        # The whole message is the request ("agent", "human please", "atendente").
        "all": [
            r"^(?:a |an )?(?:human|agent|representative|operator|live agent|real person|human agent)"
            r"(?: please| pls| now)?$",
            r"^(?:agente|humano|operador|asesor)(?: por favor)?$",
            r"^(?:atendente|humano)(?: por favor)?$",
            r"^(?:conseiller|humain|operateur)(?: s'?il vous plait| svp)?$",
            r"^(?:mitarbeiter|mensch|berater)(?: bitte)?$",
        ],
    },
}
# "are you a real person?", "am I talking to a human?": a sentence asking what the assistant is, not a
# request for one; the talk-to / real-person cues are skipped in such sentences.
_ASKS_IF_BOT = re.compile(
    r"\b(?:are|r) (?:you|u)\b|\byou(?:'?re| are| r| be)\b|\byour a\b|\bcould (?:you|u) be\b"
    r"|\b(?:am i|are we) (?:talking|speaking|chatting)\b|\bis this (?:a |an )?(?:real|bot|human|person)"
    r"|\blike a (?:real|actual|human)|\byou (?:seem|look|sound)\b"
    r"|\b(?:eres|es usted)\b|\b(?:estoy|estamos) hablando con\b"
    r"|\b(?:voce|vc) e\b|\b(?:estou|estamos) falando com\b"
    r"|\b(?:es-tu|etes-vous|tu es|vous etes)\b|\bje parle (?:a|avec)\b"
    r"|\b(?:bist du|sind sie)\b|\bspreche ich mit\b"
)
_BOT_SENSITIVE = frozenset({"human:talk_to", "human:real_person"})

# --------------------------------------------------------------------------------------------------------------
# Gratitude / confirmation of success

# What may follow a praise word in its clause: nothing, or a thank-you / "job", "answer", "now", "then".
_PRAISE_TAIL = (
    r"(?: (?:job|work|answer|now|then|thanks?|thank you|thx|gracias|muchas gracias|obrigad[oa]|merci"
    r"|merci beaucoup|danke|vielen dank))*$"
)

GRATITUDE_LEXICON: dict[str, dict[str, list[str]]] = {
    "gratitude:thanks": {
        "en": [
            r"\b(?:thanks|thank (?:you|u|ya)|thx|thnx|tnx|ty|tysm|cheers|many thanks|much appreciated"
            r"|appreciate (?:it|that|you|your help))\b"
        ],
        "es": [r"\b(?:gracias|te lo agradezco|se lo agradezco|agradecid[oa])\b"],
        "pt": [r"\b(?:obrigad[oa]|obg|brigad[oa]|valeu|vlw|agradeco)\b"],
        "fr": [r"\b(?:merci|je vous remercie|je te remercie)\b"],
        "de": [r"\b(?:danke|dankeschon|vielen dank|besten dank|dank dir|dank ihnen)\b"],
    },
    "confirmation:worked": {
        "en": [
            r"(?<!how )(?<!if )(?<!whether )(?<!hope )(?<!until )(?<!make )\b(?:it|that|this|everything|all)"
            r"(?:'?s| is)? (?:now |finally )?(?:works|worked|working)\b",
            r"\b(?:worked|works) (?:like a charm|perfectly|great|now)\b",
            r"\b(?:that|this|it) (?:fixed|solved|did) (?:it|the trick)\b",
            r"\b(?:problem|issue|it'?s|that'?s|all) (?:solved|fixed|resolved|sorted)\b",
        ],
        "es": [
            r"\b(?:ya|ahora(?: si)?) funciona\b",
            r"^(?:si |sim )?funciona(?: perfectamente| perfeitamente| bien| bem)?$",
            r"\b(?:funciono|me sirvio)\b",
            r"\b(?:ya )?(?:quedo|esta) (?:resuelto|solucionado|arreglado)\b",
            r"\b(?:problema )?(?:resuelto|solucionado)\b",
        ],
        "pt": [
            r"\bfuncionou\b",
            r"\b(?:agora|ja) (?:funciona|deu certo|foi)\b",
            r"\bfunciona agora\b",
            r"\bdeu certo\b",
            r"\b(?:resolvido|resolveu)\b",
        ],
        "fr": [
            r"(?<!comment )\b(?:ca|cela|tout) (?:marche|fonctionne)\b",
            r"\b(?:ca|cela) a (?:marche|fonctionne)\b",
            r"\bc'?est (?:bon|regle|resolu)\b",
            r"\bprobleme (?:resolu|regle)\b",
        ],
        "de": [
            r"\b(?:hat|es hat|das hat)(?: jetzt| nun| endlich)? (?:gut |super |perfekt |wunderbar )?(?:geklappt"
            r"|funktioniert)\b",
            r"\b(?:funktioniert|klappt|geht|lauft)(?: jetzt| nun| wieder| endlich| einwandfrei| perfekt)+\b",
            r"(?<!wie )(?<!ob )(?<!dass )(?<!damit )\bes (?:funktioniert|klappt)\b",
            r"\b(?:problem )?(?:gelost|behoben)\b",
        ],
    },
    "confirmation:perfect": {
        # The praise must be (nearly) the whole clause: "perfect, thanks" and "that's great!" confirm;
        # "write me a perfect cover letter" and "great western bank's login..." do not.
        "en": [
            r"^(?:that'?s |this is |it'?s |that was |you'?re )?(?:so |just |absolutely )?(?:perfect|excellent"
            r"|awesome|great|brilliant|exactly|spot on|amazing|fantastic|wonderful)" + _PRAISE_TAIL,
            r"\bexactly what i (?:needed|wanted|was looking for)\b",
        ],
        "es": [
            r"^(?:eso es |es |esta )?(?:perfecto|perfecta|genial|excelente|exacto|exactamente|estupendo"
            r"|maravilloso|buenisimo)" + _PRAISE_TAIL,
            r"\b(?:justo|exactamente) lo que (?:necesitaba|queria|buscaba)\b",
        ],
        "pt": [
            r"^(?:isso e |e |esta |ta |ficou )?(?:perfeito|perfeita|otimo|otima|excelente|exato|exatamente"
            r"|maravilha|show|sensacional)" + _PRAISE_TAIL,
            r"\bexatamente o que (?:eu )?(?:precisava|queria)\b",
        ],
        "fr": [
            r"^(?:c'?est |c'?etait )?(?:parfait|parfaitement|genial|excellent|exactement|super|top|nickel"
            r"|impeccable|formidable|merveilleux)" + _PRAISE_TAIL,
            r"\bexactement ce que (?:je voulais|j'?attendais|je cherchais)\b",
        ],
        "de": [
            r"^(?:das ist |das war |ist |echt |einfach )?(?:perfekt|super|genau|prima|klasse|toll|wunderbar"
            r"|ausgezeichnet|hervorragend|spitze|genial)" + _PRAISE_TAIL,
            r"\bgenau (?:das|was ich) (?:brauchte|wollte|gesucht habe)\b",
        ],
    },
}
# Politely refusing ("no thanks") and thanking for a failed attempt ("thanks anyway") are not success.
_GRATITUDE_BLOCKERS = re.compile(
    r"\b(?:no|nope|nah)[,.! ]*(?:thanks|thank you|thx)\b|\bthanks? (?:you )?(?:anyway|anyways|for trying)\b"
    r"|\bno,? gracias\b|\bgracias (?:de todos modos|de todas formas|por intentarlo)\b"
    r"|\bnao,? obrigad[oa]\b|\bobrigad[oa] (?:mesmo assim|de qualquer forma|de qualquer jeito|pela tentativa)\b"
    r"|\bnon,? merci\b|\bmerci (?:quand meme|tout de meme|d'?avoir essaye)\b"
    r"|\bnein,? danke\b|\bdanke (?:trotzdem|dennoch|fur den versuch)\b"
)
# Negation in the 4 words before a confirmation ("not perfect", "didn't work", "no funcionó") ...
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|no|never|nor|isn'?t|wasn'?t|doesn'?t|didn'?t|don'?t|won'?t|hasn'?t|haven'?t|nunca|tampoco"
    r"|sin|nao|sem|ne|n'|pas|jamais|nicht|nie|kein|keine|noch nicht)\b(?:\S*\s+){0,4}$"
)
# ... or the French/German negation right after it ("ça marche pas", "klappt nicht").
_NEGATION_AFTER = re.compile(r"^\s*(?:\S+\s+)?(?:pas|plus|nicht|nich|net|kein|keine)\b")
_GRATITUDE_RANK = {"gratitude:thanks": 0, "confirmation:perfect": 1, "confirmation:worked": 2}
# Frustration cues that rule out a success reading of the same message.
_BLOCKING_CUE_PREFIXES = ("complaint:", "insult", "confusion")

# --------------------------------------------------------------------------------------------------------------
# Surface cues (on the original, unfolded text)

_PUNCT_RUN = re.compile(r"[?!\uff1f\uff01]{2,}")
_WORD = re.compile(r"[^\W\d_]+")
# Shouting: at least half of the cased words (2+ letters) are all-caps and at least 2 of them have 3+
# letters. Whole-message caps ("WHY IS THIS NOT WORKING") fire; acronyms inside a normal sentence ("send the
# PDF to the URL") do not.
_SHOUT_MIN_WORDS = 2
_SHOUT_MIN_SHARE = 0.5


def _compile(lexicon: dict[str, dict[str, list[str]]]) -> dict[str, re.Pattern[str]]:
    return {
        cue: re.compile("|".join(f"(?:{p})" for lang in by_lang.values() for p in lang))
        for cue, by_lang in lexicon.items()
    }


_FRUSTRATION = _compile(FRUSTRATION_LEXICON)
_HUMAN = _compile(HUMAN_LEXICON)
_GRATITUDE = _compile(GRATITUDE_LEXICON)
_SENTENCE = re.compile(r"[^.!?;\n\uff1f\uff01\u3002]+[.!?;\n\uff1f\uff01\u3002]*")
_SUBCLAUSE = re.compile(r"[^,:]+")


def _punctuation(text: str) -> bool:
    return any("?" in run or "\uff1f" in run or len(run) >= 3 for run in _PUNCT_RUN.findall(text))


def _shouting(text: str) -> bool:
    cased = [w for w in _WORD.findall(text) if len(w) >= 2 and w.lower() != w.upper()]
    if not cased:
        return False
    caps = [w for w in cased if w.isupper()]
    loud = sum(1 for w in caps if len(w) >= 3)
    return loud >= _SHOUT_MIN_WORDS and len(caps) / len(cased) >= _SHOUT_MIN_SHARE


def _lexical_frustration(folded: str) -> list[str]:
    return [cue for cue, rx in _FRUSTRATION.items() if rx.search(folded)]


def _sentences(folded: str):
    """(sentence, is_question) pairs."""
    for m in _SENTENCE.finditer(folded):
        s = m.group().strip()
        if s:
            yield s, s.endswith(("?", "\uff1f")) or s.startswith("¿")


def _gratitude_cue(folded: str, lexical_cues: list[str]) -> str | None:
    if any(c.startswith(_BLOCKING_CUE_PREFIXES) for c in lexical_cues) or _GRATITUDE_BLOCKERS.search(folded):
        return None
    found: str | None = None
    for sentence, is_question in _sentences(folded):
        body = sentence.rstrip(".!?;\n\uff1f\uff01\u3002 ")
        for clause_match in _SUBCLAUSE.finditer(body):
            clause = clause_match.group().strip()
            if not clause:
                continue
            for cue, rx in _GRATITUDE.items():
                # "does it work now?" / "perfect?" ask, they do not confirm; thanks may close a new question.
                if is_question and cue != "gratitude:thanks":
                    continue
                m = rx.search(clause)
                if not m:
                    continue
                if cue != "gratitude:thanks" and (
                    _NEGATION_BEFORE.search(clause[: m.start()]) or _NEGATION_AFTER.search(clause[m.end() :])
                ):
                    continue
                # Strongest evidence wins: "it worked" > "perfect" > a bare "thanks".
                if found is None or _GRATITUDE_RANK[cue] > _GRATITUDE_RANK[found]:
                    found = cue
    return found


def _human_cue(folded: str) -> str | None:
    if _HUMAN["human:bare"].search(folded.strip(" .!?¿¡,;:")):
        return "human:bare"
    for sentence, _ in _sentences(folded):
        about_bot = _ASKS_IF_BOT.search(sentence) is not None
        for clause_match in _SUBCLAUSE.finditer(sentence):
            clause = clause_match.group().strip(" .!?¿¡;")
            for cue, rx in _HUMAN.items():
                if cue == "human:bare" or (about_bot and cue in _BOT_SENSITIVE):
                    continue
                m = rx.search(clause)
                # "I don't want to talk to anybody" is the opposite of a request.
                if m and not _NEGATION_BEFORE.search(clause[: m.start()]):
                    return cue
    return None


@dataclass(frozen=True, slots=True)
class CueSignals:
    """All lexical cue signals of one message."""

    frustration_score: float
    frustration_cues: list[str]
    asks_for_human: bool
    asks_for_human_cue: str | None
    gratitude: bool
    gratitude_cue: str | None


def analyse(text: str | None) -> CueSignals:
    """Compute every cue signal of one message (frustration, asks-for-human, gratitude) in one pass."""
    text = text or ""
    folded = fold(text)
    cues = _lexical_frustration(folded)
    gratitude_cue = _gratitude_cue(folded, cues)
    # "THANK YOU!!!" is enthusiasm: intensity cues only count when the message is not a thank-you.
    if gratitude_cue is None or cues:
        if _punctuation(text):
            cues.append("punctuation")
        if _shouting(text):
            cues.append("shouting")
    keep = 1.0
    for cue in cues:
        keep *= 1.0 - CUE_WEIGHTS[cue]
    human_cue = _human_cue(folded)
    return CueSignals(
        frustration_score=round(1.0 - keep, 4),
        frustration_cues=cues,
        asks_for_human=human_cue is not None,
        asks_for_human_cue=human_cue,
        gratitude=gratitude_cue is not None,
        gratitude_cue=gratitude_cue,
    )


def frustration(text: str | None) -> tuple[float, list[str]]:
    """Frustration score in [0, 1] and the names of the cues that fired (empty list when none)."""
    s = analyse(text)
    return s.frustration_score, s.frustration_cues


def asks_for_human(text: str | None) -> tuple[bool, str | None]:
    """Whether the user asks for a person/agent/representative, and the cue name that matched."""
    s = analyse(text)
    return s.asks_for_human, s.asks_for_human_cue


def gratitude(text: str | None) -> tuple[bool, str | None]:
    """Whether the message thanks or confirms success (not negated, not "thanks anyway"), and the cue."""
    s = analyse(text)
    return s.gratitude, s.gratitude_cue


def analyse_texts(texts: Sequence[str | None]) -> dict[str, list]:
    """Batch :func:`analyse`: column name -> list, one entry per text."""
    cols: dict[str, list] = {
        "frustration_score": [],
        "frustration_cues": [],
        "asks_for_human": [],
        "asks_for_human_cue": [],
        "gratitude": [],
        "gratitude_cue": [],
    }
    for text in texts:
        s = analyse(text)
        cols["frustration_score"].append(s.frustration_score)
        cols["frustration_cues"].append(s.frustration_cues)
        cols["asks_for_human"].append(s.asks_for_human)
        cols["asks_for_human_cue"].append(s.asks_for_human_cue)
        cols["gratitude"].append(s.gratitude)
        cols["gratitude_cue"].append(s.gratitude_cue)
    return cols


__all__ = [
    "CUE_WEIGHTS",
    "FRUSTRATED_AT",
    "FRUSTRATION_LEXICON",
    "GRATITUDE_LEXICON",
    "HUMAN_LEXICON",
    "CueSignals",
    "analyse",
    "analyse_texts",
    "asks_for_human",
    "fold",
    "frustration",
    "gratitude",
]
