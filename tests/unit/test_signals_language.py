"""Language identification: known answers in many languages, 'und' for short or letterless text."""

from __future__ import annotations

import pytest

from enrichment.signals.language import DEFAULT_LANGUAGES, MIN_CONFIDENCE, UND, detect_language, detect_languages

KNOWN = [
    ("en", "How do I reset my password? The link in the email does not work."),
    ("es", "¿Cómo puedo cambiar la dirección de envío de mi pedido?"),
    ("pt", "Não consigo acessar minha conta desde ontem, o que devo fazer?"),
    ("fr", "Je n'arrive pas à télécharger la facture du mois dernier."),
    ("de", "Wie kann ich meine Bestellung stornieren und das Geld zurückbekommen?"),
    ("it", "Vorrei sapere quando arriverà il mio pacco."),
    ("nl", "Ik wil graag mijn abonnement opzeggen, hoe doe ik dat?"),
    ("ja", "注文した商品がまだ届いていません。"),
    ("zh", "我的订单什么时候能到？"),
    ("ru", "Как изменить адрес доставки моего заказа?"),
    ("ar", "كيف يمكنني تغيير كلمة المرور الخاصة بي؟"),
    ("ko", "비밀번호를 어떻게 바꾸나요?"),
    ("tr", "Siparişimi nasıl iptal edebilirim?"),
    ("pl", "Jak mogę zmienić hasło do mojego konta?"),
]


@pytest.mark.parametrize(("code", "text"), KNOWN)
def test_ordinary_sentences_get_their_language_with_confidence(code, text):
    got, conf = detect_language(text)
    assert got == code
    assert MIN_CONFIDENCE <= conf <= 1.0


@pytest.mark.parametrize("text", ["ok", "OK!", "thanks!", "???", "!!!", "lol", "k", "hi", "merci", "gracias", "danke"])
def test_short_ambiguous_replies_are_undetermined_with_low_confidence(text):
    code, conf = detect_language(text)
    assert code == UND
    assert conf < MIN_CONFIDENCE


@pytest.mark.parametrize("text", ["", None, "123 456", "👍👍", "?!", "   "])
def test_texts_without_letters_are_undetermined_with_zero_confidence(text):
    assert detect_language(text) == (UND, 0.0)


def test_undetermined_comes_from_the_confidence_rule_not_from_a_missing_answer():
    # With the threshold off, "thanks!" gets a (wrong-or-right) guess; the rule is what hides it.
    code, conf = detect_language("thanks!", min_confidence=0.0)
    assert code != UND and conf < MIN_CONFIDENCE


def test_batch_preserves_order_and_length():
    texts = [t for _, t in KNOWN] + ["ok", ""]
    out = detect_languages(texts)
    assert len(out) == len(texts)
    assert [c for c, _ in out[: len(KNOWN)]] == [c for c, _ in KNOWN]
    assert [c for c, _ in out[-2:]] == [UND, UND]


def test_codes_are_iso_639_1_from_the_default_set():
    texts = [t for _, t in KNOWN] + ["Hvordan kan jeg endre passordet mitt?", "Miten voin vaihtaa salasanani?"]
    for code, _ in detect_languages(texts):
        assert code == UND or code in DEFAULT_LANGUAGES
        assert len(code) in (2, 3)
    assert all(len(c) == 2 for c in DEFAULT_LANGUAGES)


def test_language_set_can_be_restricted():
    # Portuguese text with only es/en allowed must be called one of them, not pt.
    code, _ = detect_language("Não consigo acessar minha conta", languages=("es", "en"), min_confidence=0.0)
    assert code in ("es", "en")
