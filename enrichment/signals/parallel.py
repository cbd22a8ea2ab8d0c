"""The per-batch unit of signal work that may run in a worker process.

Owns: :func:`message_signal_columns`, the pure computation of one batch of messages (PII redaction for
every role; language, cues and sentiment for user messages) as columns ready for
``enriched.message_signals``, and :func:`warm_up`, which loads the detectors' models in a fresh worker
process. Both are top-level functions of an importable module, so a ``spawn`` process pool can pickle them.
Each message's values depend on its own text and role only, never on the other messages of the batch:
splitting the messages into batches differently, or across processes, gives the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from .batch import compute_signals
from .pii import redact_texts

# Columns of enriched.message_signals filled for user messages only (NULL for other roles).
USER_ONLY_COLUMNS: tuple[str, ...] = (
    "language", "language_confidence", "frustration_score", "frustration_cues", "asks_for_human", "gratitude",
    "sentiment_score",
)  # fmt: skip


def message_signal_columns(texts: Sequence[str | None], roles: Sequence[str | None]) -> dict[str, list]:
    """Signal columns for one batch of messages, one entry per message, in input order.

    ``redacted_content`` and ``pii_types`` (comma-separated, sorted) for every message; the
    ``USER_ONLY_COLUMNS`` for messages whose role is ``"user"`` and ``None`` for the others.
    ``frustration_cues`` is comma-separated. ``None`` texts are treated as empty.
    """
    if len(texts) != len(roles):
        raise ValueError(f"{len(texts)} texts for {len(roles)} roles")
    texts = [t or "" for t in texts]
    redacted, pii_types = redact_texts(texts)
    user_idx = [i for i, r in enumerate(roles) if r == "user"]
    signals = compute_signals([texts[i] for i in user_idx])
    n = len(texts)
    cols: dict[str, list] = {
        "redacted_content": redacted,
        "pii_types": [",".join(sorted(t)) for t in pii_types],
        **{c: [None] * n for c in USER_ONLY_COLUMNS},
    }
    for j, i in enumerate(user_idx):
        cols["language"][i] = signals["language"][j]
        cols["language_confidence"][i] = signals["language_confidence"][j]
        cols["frustration_score"][i] = signals["frustration_score"][j]
        cols["frustration_cues"][i] = ",".join(signals["frustration_cues"][j])
        cols["asks_for_human"][i] = signals["asks_for_human"][j]
        cols["gratitude"][i] = signals["gratitude"][j]
        cols["sentiment_score"][i] = signals["sentiment"][j]
    return cols


def warm_up() -> None:
    """Load the language and sentiment models and compile the patterns once, at worker start."""
    message_signal_columns(["Thanks, my card 4111 1111 1111 1111 still fails"], ["user"])


__all__ = ["USER_ONLY_COLUMNS", "message_signal_columns", "warm_up"]
