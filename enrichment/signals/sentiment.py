"""Sentiment of user messages (English), from VADER.

Owns: the ``sentiment`` column, VADER's compound score in [-1, 1] (vaderSentiment 3.3.2: lexicon and rules
tuned for short social-media text, bundled with the package, runs offline, ~50,000 short messages/s).

VADER is English-only. For messages detected as another language the score is ``None`` (unknown), not 0:
VADER would read "no funciona" as mildly negative only because of the English word "no", and most
non-English text as neutral. Messages whose language is undetermined ("und": short replies such as "ok",
"thanks!", "useless") are scored, because they are mostly English chat words VADER knows; non-English
short words simply score 0. The multilingual frustration and gratitude cues (cues.py) cover es/pt/fr/de.
No offline multilingual sentiment model is available as a PyPI package here (pysentimiento and the
transformer models need a Hugging Face download).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

# Languages whose messages get a score; "und" included (see module docstring).
SENTIMENT_LANGUAGES: frozenset[str] = frozenset({"en", "und"})
# VADER's own recommended cut-off for a negative message (compound <= -0.05), from the vaderSentiment README.
NEGATIVE_AT = -0.05


@functools.cache
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment_scores(
    texts: Sequence[str | None],
    languages: Sequence[str] | None = None,
) -> list[float | None]:
    """VADER compound score per text, ``None`` where the language (if given) is not in SENTIMENT_LANGUAGES."""
    analyzer = _analyzer()
    if languages is not None and len(languages) != len(texts):
        raise ValueError("texts and languages must have the same length")
    out: list[float | None] = []
    for i, text in enumerate(texts):
        if languages is not None and languages[i] not in SENTIMENT_LANGUAGES:
            out.append(None)
        else:
            out.append(float(analyzer.polarity_scores(text or "")["compound"]))
    return out


__all__ = ["NEGATIVE_AT", "SENTIMENT_LANGUAGES", "sentiment_scores"]
