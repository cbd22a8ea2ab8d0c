"""Lexical cues: frustration (score + named cues), asking for a human, gratitude / confirmation, in en/es/pt/fr/de."""

from __future__ import annotations

import pytest

from enrichment.signals.cues import (
    CUE_WEIGHTS,
    FRUSTRATED_AT,
    analyse,
    analyse_texts,
    asks_for_human,
    fold,
    frustration,
    gratitude,
)

# ---------------------------------------------------------------------------------------------------------------
# Frustration

COMPLAINTS = [
    # (text, cue that must fire)
    ("That's wrong.", "complaint:wrong"),
    ("no, that is not correct", "complaint:wrong"),
    ("That's not what I asked", "complaint:not_what_i_asked"),
    ("please answer my question", "complaint:not_what_i_asked"),
    ("this is useless", "complaint:useless"),
    ("it still doesn't work", "complaint:not_working"),
    ("doesn't work", "complaint:not_working"),
    ("you're not helping", "complaint:not_helping"),
    ("I already told you that", "complaint:repeat"),
    ("that makes no sense", "complaint:nonsense"),
    ("you are stupid", "insult"),
    # es
    ("Eso está mal", "complaint:wrong"),
    ("eso no es lo que te pedí", "complaint:not_what_i_asked"),
    ("no sirves para nada", "complaint:useless"),
    ("sigue sin funcionar", "complaint:not_working"),
    ("no me estás ayudando", "complaint:not_helping"),
    ("ya te lo dije", "complaint:repeat"),
    ("no tiene sentido", "complaint:nonsense"),
    # pt
    ("isso está errado", "complaint:wrong"),
    ("não foi isso que eu perguntei", "complaint:not_what_i_asked"),
    ("não serve pra nada", "complaint:useless"),
    ("não funcionou", "complaint:not_working"),
    ("você não está me ajudando", "complaint:not_helping"),
    ("já te disse", "complaint:repeat"),
    ("não faz sentido", "complaint:nonsense"),
    # fr
    ("c'est faux", "complaint:wrong"),
    ("Ce n'est pas ce que j'ai demandé", "complaint:not_what_i_asked"),
    ("tu es vraiment nul", "complaint:useless"),
    ("ça ne marche toujours pas", "complaint:not_working"),
    ("tu ne m'aides pas", "complaint:not_helping"),
    ("je te l'ai déjà dit", "complaint:repeat"),
    ("n'importe quoi", "complaint:nonsense"),
    # de
    ("Das ist falsch", "complaint:wrong"),
    ("Das ist nicht, was ich gefragt habe", "complaint:not_what_i_asked"),
    ("völlig nutzlos", "complaint:useless"),
    ("funktioniert immer noch nicht", "complaint:not_working"),
    ("das hilft mir nicht", "complaint:not_helping"),
    ("hab ich doch schon gesagt", "complaint:repeat"),
    ("das ergibt keinen Sinn", "complaint:nonsense"),
]


@pytest.mark.parametrize(("text", "cue"), COMPLAINTS)
def test_explicit_complaints_fire_their_named_cue_and_reach_the_frustrated_cut(text, cue):
    score, cues = frustration(text)
    assert cue in cues
    assert score >= FRUSTRATED_AT


@pytest.mark.parametrize(
    ("folded_variant", "accented"),
    [("nao funcionou", "não funcionou"), ("ca ne marche pas", "ça ne marche pas"),
     ("eso esta mal", "Eso está mal"), ("das hilft mir nicht", "DAS HILFT MIR NICHT"),
     ("thats wrong", "That’s wrong")],
)  # fmt: skip
def test_accentless_and_typographic_variants_match_like_the_accented_form(folded_variant, accented):
    assert frustration(folded_variant)[1][0] == frustration(accented)[1][0]


NEUTRAL = [
    "is this wrong?",
    "What's wrong with my code?",
    "how do I fix a printer that is not printing",
    "how many times should I water my plants?",
    "no está mal, gracias",
    "Das ist nicht falsch",
    "that's not wrong",
    "sorry if this is a stupid question",
    "Es geht nicht um Geld",
    "je veux savoir comment ça marche",
    "Send the PDF to the URL of the API",
    "I'm still working on it",
    "Can you write a summary of this article?",
    "¿Cómo funciona la facturación?",
    "Wie funktioniert das?",
    "",
]


@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_messages_have_no_frustration(text):
    assert frustration(text) == (0.0, [])


def test_repeated_question_marks_fire_punctuation_but_a_single_exclamation_run_of_two_does_not():
    assert frustration("why??")[1] == ["punctuation"]
    assert frustration("really?!")[1] == ["punctuation"]
    assert frustration("no way!!!")[1] == ["punctuation"]
    assert frustration("nice!!")[1] == []
    assert frustration("本当？？")[1] == ["punctuation"]  # full-width, as typed in CJK


def test_shouting_needs_mostly_uppercase_words_not_acronyms():
    assert "shouting" in frustration("WHY IS THIS SO SLOW")[1]
    assert "shouting" in frustration("this is NOT WHAT I ASKED")[1]
    assert "shouting" not in frustration("this is NOT what I asked")[1]  # one emphasised word
    assert "shouting" not in frustration("Send the PDF to the URL")[1]
    assert "shouting" not in frustration("OK")[1]  # one short word is not shouting


def test_intensity_cues_alone_stay_below_the_frustrated_cut_and_add_up_with_a_complaint():
    assert frustration("WHY IS THIS SO SLOW??")[0] == pytest.approx(1 - 0.75 * 0.7)
    assert frustration("WHY IS THIS SO SLOW??")[0] < FRUSTRATED_AT
    score, cues = frustration("THAT'S WRONG!!!")
    assert cues == ["complaint:wrong", "punctuation", "shouting"]
    assert score == pytest.approx(1 - 0.4 * 0.75 * 0.7)


def test_every_cue_name_has_a_weight_and_scores_stay_in_unit_interval():
    texts = [t for t, _ in COMPLAINTS] + NEUTRAL + ["WRONG!!! USELESS!!! WTF, you idiot, I already told you??"]
    for text in texts:
        score, cues = frustration(text)
        assert 0.0 <= score <= 1.0
        assert set(cues) <= set(CUE_WEIGHTS)
        assert len(cues) == len(set(cues))


def test_profanity_and_confusion_alone_stay_below_the_frustrated_cut():
    assert frustration("wtf") == (0.4, ["profanity"])
    assert frustration("I don't understand") == (0.35, ["confusion"])
    assert frustration("what??")[0] >= FRUSTRATED_AT  # confusion + punctuation


def test_enthusiastic_thanks_in_capitals_is_not_frustration():
    assert frustration("THANK YOU SO MUCH!!!") == (0.0, [])
    assert gratitude("THANK YOU SO MUCH!!!") == (True, "gratitude:thanks")


# ---------------------------------------------------------------------------------------------------------------
# Asking for a human

HUMAN_REQUESTS = [
    "I want to talk to a real person",
    "can I speak with someone from HR?",
    "agent",
    "Human please!",
    "please transfer me to a human agent",
    "quiero hablar con un agente",
    "pásame con un asesor por favor",
    "necesito alguien de recursos humanos",
    "quero falar com um atendente",
    "atendimento humano por favor",
    "je voudrais parler à un conseiller",
    "passez-moi un vrai humain",
    "Ich möchte mit einem Mitarbeiter sprechen",
    "Verbinden Sie mich bitte mit einem echten Menschen",
]


@pytest.mark.parametrize("text", HUMAN_REQUESTS)
def test_requests_for_a_person_are_detected_in_every_language(text):
    found, cue = asks_for_human(text)
    assert found and cue.startswith("human:")


@pytest.mark.parametrize(
    "text",
    ["are you a real person?", "am I talking to a human?", "no, I do not want to talk to anybody",
     "how do I become a customer service agent", "Ich hatte ein Problem mit einem Mitarbeiter",
     "¿eres humano?", "what is the agent's commission?", "tell me about human history"],
)  # fmt: skip
def test_questions_about_the_bot_and_mentions_of_staff_are_not_requests(text):
    assert asks_for_human(text) == (False, None)


def test_cue_name_says_how_the_human_was_requested():
    assert asks_for_human("agent")[1] == "human:bare"
    assert asks_for_human("I need to speak to a manager")[1] == "human:talk_to"
    assert asks_for_human("put me through to your support team")[1] == "human:transfer"


# ---------------------------------------------------------------------------------------------------------------
# Gratitude / confirmation

SUCCESS = [
    ("thanks, that worked", "confirmation:worked"),
    ("Perfect!", "confirmation:perfect"),
    ("that's exactly what I needed", "confirmation:perfect"),
    ("thank you!", "gratitude:thanks"),
    ("gracias, funcionó", "confirmation:worked"),
    ("perfecto, muchas gracias", "confirmation:perfect"),
    ("obrigado", "gratitude:thanks"),
    ("deu certo, valeu!", "confirmation:worked"),
    ("merci, ça marche", "confirmation:worked"),
    ("parfait merci", "confirmation:perfect"),
    ("danke, hat geklappt", "confirmation:worked"),
    ("Super, funktioniert jetzt!", "confirmation:worked"),
]


@pytest.mark.parametrize(("text", "cue"), SUCCESS)
def test_thanks_and_confirmations_are_success_signals(text, cue):
    assert gratitude(text) == (True, cue)


NOT_SUCCESS = [
    "thanks but that didn't work",
    "Thanks! It still doesn't work",
    "no thanks",
    "thanks anyway",
    "not perfect",
    "it didn't work",
    "does it work now?",
    "write me a perfect cover letter",
    "let me know if that works",
    "gracias, pero no funcionó",
    "no, gracias",
    "obrigado, mas não funcionou",
    "obrigado mesmo assim",
    "merci mais ça ne marche pas",
    "non merci",
    "danke, aber es klappt nicht",
    "danke trotzdem",
    "funktioniert es jetzt?",
    "thanks for nothing",
]


@pytest.mark.parametrize("text", NOT_SUCCESS)
def test_negated_refused_or_questioned_thanks_are_not_success(text):
    assert gratitude(text) == (False, None)


def test_failed_thanks_counts_as_frustration_instead():
    assert frustration("thanks but that didn't work")[1] == ["complaint:not_working"]
    assert frustration("gracias por nada")[1] == ["complaint:useless"]


# ---------------------------------------------------------------------------------------------------------------
# Batch and helpers


def test_fold_strips_accents_case_and_typographic_apostrophes():
    assert fold("  Ça   N’a PAS marché  ") == "ca n'a pas marche"
    assert fold("Scheiße") == "scheisse"


def test_batch_columns_align_with_single_message_results():
    texts = ["that's wrong", None, "agent", "merci !"]
    cols = analyse_texts(texts)
    assert list(cols) == ["frustration_score", "frustration_cues", "asks_for_human", "asks_for_human_cue",
                          "gratitude", "gratitude_cue"]  # fmt: skip
    for i, text in enumerate(texts):
        single = analyse(text)
        assert cols["frustration_cues"][i] == single.frustration_cues
        assert cols["asks_for_human"][i] == single.asks_for_human
        assert cols["gratitude_cue"][i] == single.gratitude_cue
    assert cols["asks_for_human"] == [False, False, True, False]
    assert cols["gratitude"] == [False, False, False, True]
