"""Behavioural signals Parley computes on every user message (pure functions, lists/arrays in and out).

- :func:`compute_signals` — language, frustration, asks-for-human, gratitude, sentiment, PII types and the
  redacted text, as column name -> list (see ``SIGNAL_COLUMNS``).
- :func:`similarity_to_previous` — cosine to the previous user message of the same conversation.
- The building blocks: :func:`detect_languages`, :func:`analyse` / :func:`frustration` /
  :func:`asks_for_human` / :func:`gratitude`, :func:`sentiment_scores`, :func:`redact` / :func:`find_pii`.

Definitions, thresholds and the measurements behind them: docs/signals.md.
"""

from .batch import SIGNAL_COLUMNS, compute_signals
from .cues import analyse, analyse_texts, asks_for_human, frustration, gratitude
from .language import detect_language, detect_languages
from .pii import find_pii, redact, redact_texts
from .sentiment import sentiment_scores
from .similarity import similarity_to_previous

__all__ = [
    "SIGNAL_COLUMNS",
    "analyse",
    "analyse_texts",
    "asks_for_human",
    "compute_signals",
    "detect_language",
    "detect_languages",
    "find_pii",
    "frustration",
    "gratitude",
    "redact",
    "redact_texts",
    "sentiment_scores",
    "similarity_to_previous",
]
