"""Language identification of user messages.

Owns: the ISO 639-1 language code and a confidence for each message, with ``"und"`` (undetermined) for
texts too short or ambiguous to call.

Backend chosen by measurement (bench/signals.py, xSID validation set: 4,050 utterances in 14 standard
languages, each backend in its own process on 2 shared cores): py3langid 0.4.0 restricted to
``DEFAULT_LANGUAGES`` scored 92.9% accuracy at 22,000-32,000 messages/s and ~200 MB peak RSS (whole
process); lingua 2.1.1 (all languages, high accuracy, preloaded) 87.6% at 600-1,500 messages/s and 1.3 GB;
lingua's low-accuracy mode 74.7% at 2,000-6,800 messages/s. py3langid's probabilities are
temperature-scaled by text length, so short texts ("ok", "thanks!") get low confidence by themselves;
``MIN_CONFIDENCE`` turns those into ``"und"``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

UND = "und"

# Languages the classifier may answer: lingua's curated list of 75 widely written languages intersected
# with py3langid's 140 labels, plus Norwegian "no" (py3langid's label for Bokmål; lingua calls it "nb").
# Restricting removes exotic answers for short chat text ("thanks!" -> Xhosa, "no way" -> Kikuyu) and
# raised xSID accuracy from 90.5% (all 140 labels) to 92.9%; every code is ISO 639-1.
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "af", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo", "es", "et",
    "eu", "fa", "fi", "fr", "ga", "gu", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "kk",
    "ko", "la", "lg", "lt", "lv", "mk", "mn", "mr", "ms", "nl", "nn", "no", "pa", "pl", "pt", "ro", "ru",
    "sk", "sl", "sn", "so", "sq", "sr", "st", "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "vi",
    "xh", "yo", "zh", "zu",
)  # fmt: skip

# Below this probability the answer is "und". On xSID (restricted set) the answers kept at >= 0.5 are
# 97.0% right and cover 84.5% of utterances; 0.3 keeps 94.7% coverage but 95.3% precision, 0.6 gives
# 98.9% precision at 76.7% coverage. Every single-word chat reply measured ("ok", "thanks!", "merci",
# "gracias", "hola", "danke") scored < 0.3 and becomes "und"; two-word ones ("merci beaucoup" 0.63,
# "muchas gracias", "vielen dank" 0.50 -> nl, wrong) sit near the threshold.
MIN_CONFIDENCE = 0.5


@functools.cache
def _identifier(languages: tuple[str, ...] | None):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages is not None:
        ident.set_languages(list(languages))
    return ident


def detect_languages(
    texts: Sequence[str | None],
    *,
    min_confidence: float = MIN_CONFIDENCE,
    languages: Sequence[str] | None = DEFAULT_LANGUAGES,
) -> list[tuple[str, float]]:
    """Language of each text as ``(code, confidence)``.

    ``code`` is an ISO 639-1 code, or ``"und"`` when the text has no letters or the best language's
    probability is below ``min_confidence``; ``confidence`` is that probability in [0, 1] (0.0 for texts
    without letters). ``languages=None`` lets the model answer any of its 140 labels, some of which are
    ISO 639-3 codes.
    """
    ident = _identifier(tuple(languages) if languages is not None else None)
    out: list[tuple[str, float]] = []
    for text in texts:
        if not text or not any(c.isalpha() for c in text):
            out.append((UND, 0.0))
            continue
        code, conf = ident.classify(text)
        conf = float(conf)
        if conf < min_confidence or code == "zxx":
            code = UND
        out.append((code, conf))
    return out


def detect_language(text: str | None, **kwargs) -> tuple[str, float]:
    """Single-text convenience wrapper around :func:`detect_languages`."""
    return detect_languages([text], **kwargs)[0]


__all__ = ["DEFAULT_LANGUAGES", "MIN_CONFIDENCE", "UND", "detect_language", "detect_languages"]
