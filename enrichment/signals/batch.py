"""Batch API the orchestration layer calls: every per-message signal for a list of texts.

Owns: ``compute_signals`` (column name -> list, one entry per text) and its column contract
``SIGNAL_COLUMNS``. Only ``redacted_text`` carries message text; every other column is a code, a number,
a boolean or a stable cue name, so none of them can leak PII.
"""

from __future__ import annotations

from collections.abc import Sequence

from .cues import analyse_texts
from .language import detect_languages
from .pii import redact_texts
from .sentiment import sentiment_scores

# Column -> type, in output order.
SIGNAL_COLUMNS: dict[str, str] = {
    "language": "str (ISO 639-1 or 'und')",
    "language_confidence": "float [0, 1]",
    "frustration_score": "float [0, 1]",
    "frustration_cues": "list[str]",
    "asks_for_human": "bool",
    "asks_for_human_cue": "str | None",
    "gratitude": "bool",
    "gratitude_cue": "str | None",
    "sentiment": "float [-1, 1] | None (English / und only)",
    "pii_types": "list[str]",
    "redacted_text": "str",
}


def compute_signals(texts: Sequence[str | None]) -> dict[str, list]:
    """All per-message signals for ``texts`` (``None`` treated as empty), as column name -> list.

    Columns are listed in ``SIGNAL_COLUMNS``. Signals are computed on the raw text; only the redacted
    copy of the text is returned. Embedding-based similarity is separate: see
    :func:`enrichment.signals.similarity.similarity_to_previous`.
    """
    texts = [t if isinstance(t, str) else "" for t in texts]
    langs = detect_languages(texts)
    codes = [code for code, _ in langs]
    cues = analyse_texts(texts)
    redacted, pii_types = redact_texts(texts)
    return {
        "language": codes,
        "language_confidence": [round(conf, 4) for _, conf in langs],
        **cues,
        "sentiment": sentiment_scores(texts, codes),
        "pii_types": pii_types,
        "redacted_text": redacted,
    }


__all__ = ["SIGNAL_COLUMNS", "compute_signals"]
