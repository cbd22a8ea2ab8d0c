"""Enrichment I/O: new messages in ``raw.events`` -> signals, embeddings, intents in ``enriched.*``.

The models and rules live in ``enrichment/`` (pure functions); this module decides *which* rows to
process, reads and writes them in bounded batches, and keeps every step incremental by message:

- signals: every message event without a ``enriched.message_signals`` row (PII redaction for all roles;
  language and behavioural cues for user messages);
- embeddings: every distinct normalised user-message text not yet in the cache for the current model
  (a repeated question costs nothing);
- similarity to the previous user message: recomputed for *every* user message of each conversation that
  received a new message, so a late event lands exactly as a full refresh would place it;
- intents: new user messages are assigned to the intent model in force; the first model is fitted once
  there are enough messages; a full re-cluster is a deliberate, separate action.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa

from enrichment.signals.batch import compute_signals
from enrichment.signals.pii import redact_texts
from enrichment.signals.similarity import similarity_to_previous
from orchestration.warehouse import Warehouse, arrow_schema

SIGNALS_VERSION = "signals-1"
BATCH = 5_000
Log = Callable[[str], None]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _p(wh: Warehouse) -> str:
    return "%s" if wh.dialect == "postgres" else "?"


def _batches(wh: Warehouse, sql: str, size: int = BATCH) -> Iterator[pa.Table]:
    """Run ``sql`` and yield its rows in Arrow batches of at most ``size`` rows (bounded memory).

    The query is materialised once into a temporary table with a row number, then read slice by slice,
    so later writes to the source tables cannot shift the slices.
    """
    name = f"parley_work_{hashlib.sha1(sql.encode()).hexdigest()[:10]}"
    wh.execute(f"DROP TABLE IF EXISTS {name}")
    wh.execute(f"CREATE TEMP TABLE {name} AS SELECT row_number() OVER () AS rn, q.* FROM ({sql}) q")
    try:
        total = wh.query(f"SELECT count(*) FROM {name}")[0][0]
        for start in range(0, total, size):
            batch = wh.query_arrow(f"SELECT * FROM {name} WHERE rn > {start} AND rn <= {start + size} ORDER BY rn")
            yield batch.drop_columns(["rn"])
    finally:
        wh.execute(f"DROP TABLE IF EXISTS {name}")


def _table(name: str, columns: dict[str, list]) -> pa.Table:
    schema = arrow_schema(name)
    return pa.table({n: pa.array(v, schema.field(n).type) for n, v in columns.items()})


NEW_MESSAGES = (
    "SELECT e.event_id, e.role, e.content, e.conversation_id FROM raw.events e "
    "LEFT JOIN enriched.message_signals s ON s.event_id = e.event_id "
    "WHERE e.event_type = 'message' AND s.event_id IS NULL"
)


# -- embeddings --------------------------------------------------------------------------------------

@dataclass
class EmbeddingResult:
    model_id: str
    texts_seen: int = 0
    texts_embedded: int = 0
    seconds: float = 0.0


def enrich_embeddings(wh: Warehouse, embedder, normalize_text: Callable[[str], str],
                      text_hash: Callable[[str], str], log: Log = print, batch_size: int = BATCH) -> EmbeddingResult:
    """Embed every distinct text of not-yet-enriched user messages that the cache lacks for this model."""
    started, result = time.perf_counter(), EmbeddingResult(model_id=embedder.model_id)
    for batch in _batches(wh, NEW_MESSAGES + " AND e.role = 'user' ORDER BY e.event_id", batch_size):
        texts: dict[str, str] = {}
        for content in batch.column("content").to_pylist():
            normalized = normalize_text(content or "")
            texts.setdefault(text_hash(content or ""), normalized)
        result.texts_seen += len(texts)
        probe = pa.table({"text_hash": pa.array(list(texts), pa.string())})
        with wh.staged(probe) as stage:
            cached = {h for (h,) in wh.query(
                f"SELECT c.text_hash FROM enriched.message_embeddings c JOIN {stage} s ON s.text_hash = c.text_hash "
                f"WHERE c.model_id = {_p(wh)}", [embedder.model_id])}
        missing = [h for h in texts if h not in cached]
        if not missing:
            continue
        vectors = embedder.encode([texts[h] for h in missing])
        n = len(missing)
        wh.append("enriched.message_embeddings", _table("enriched.message_embeddings", {
            "model_id": [embedder.model_id] * n, "text_hash": missing,
            "embedding": [v.astype(np.float32).tobytes() for v in vectors], "created_at": [_now()] * n,
        }))
        result.texts_embedded += n
        log(f"embeddings: {result.texts_embedded:,} new texts embedded ({result.texts_seen:,} distinct seen)")
    result.seconds = time.perf_counter() - started
    return result


def _vectors(blobs: list[bytes | None], dim: int) -> np.ndarray:
    out = np.zeros((len(blobs), dim), dtype=np.float32)
    for i, blob in enumerate(blobs):
        if blob is not None:
            out[i] = np.frombuffer(blob, dtype=np.float32)
    return out


# -- signals (and similarity to the previous user message) --------------------------------------------

@dataclass
class SignalsResult:
    messages: int = 0
    user_messages: int = 0
    with_pii: int = 0
    similarity_updated: int = 0
    seconds: float = 0.0
    by_language: dict[str, int] = field(default_factory=dict)


def enrich_signals(wh: Warehouse, text_hash: Callable[[str], str], model_id: str, dim: int,
                   log: Log = print, batch_size: int = BATCH) -> SignalsResult:
    """Signals for every message event that has none yet, one transaction per batch."""
    started, result = time.perf_counter(), SignalsResult()
    for batch in _batches(wh, NEW_MESSAGES + " ORDER BY e.event_id", batch_size):
        ids = batch.column("event_id").to_pylist()
        roles = batch.column("role").to_pylist()
        texts = [t or "" for t in batch.column("content").to_pylist()]
        redacted, pii_types = redact_texts(texts)
        user_idx = [i for i, r in enumerate(roles) if r == "user"]
        signals = compute_signals([texts[i] for i in user_idx])
        n = len(ids)
        cols: dict[str, list] = {
            "event_id": ids, "role": roles,
            "text_hash": [text_hash(t) if r == "user" else None for t, r in zip(texts, roles, strict=True)],
            "redacted_content": redacted, "pii_types": [",".join(sorted(t)) for t in pii_types],
            **{c: [None] * n for c in ("language", "language_confidence", "frustration_score", "frustration_cues",
                                       "asks_for_human", "gratitude", "sentiment_score", "similarity_to_previous")},
            "enrichment_version": [SIGNALS_VERSION] * n, "enriched_at": [_now()] * n,
        }
        for j, i in enumerate(user_idx):
            cols["language"][i] = signals["language"][j]
            cols["language_confidence"][i] = signals["language_confidence"][j]
            cols["frustration_score"][i] = signals["frustration_score"][j]
            cols["frustration_cues"][i] = ",".join(signals["frustration_cues"][j])
            cols["asks_for_human"][i] = signals["asks_for_human"][j]
            cols["gratitude"][i] = signals["gratitude"][j]
            cols["sentiment_score"][i] = signals["sentiment"][j]
        conversations = sorted({c for c, r in zip(batch.column("conversation_id").to_pylist(), roles, strict=True)
                                if r == "user"})
        with wh.transaction():
            wh.append("enriched.message_signals", _table("enriched.message_signals", cols))
            result.similarity_updated += _update_similarity(wh, conversations, model_id, dim)
        result.messages += n
        result.user_messages += len(user_idx)
        result.with_pii += sum(bool(t) for t in pii_types)
        for code in signals["language"]:
            result.by_language[code] = result.by_language.get(code, 0) + 1
        log(f"signals: {result.messages:,} messages enriched")
    result.seconds = time.perf_counter() - started
    return result


def _update_similarity(wh: Warehouse, conversations: list[str], model_id: str, dim: int) -> int:
    """Recompute similarity_to_previous for every user message of these conversations.

    A conversation is recomputed whole, so a message that arrives late, between two already enriched ones,
    changes its successor's similarity exactly as a full refresh would.
    """
    if not conversations:
        return 0
    probe = pa.table({"conversation_id": pa.array(conversations, pa.string())})
    with wh.staged(probe) as convs:
        rows = wh.query_arrow(
            "SELECT e.event_id, e.conversation_id, e.timestamp, c.embedding FROM raw.events e "
            f"JOIN {convs} k ON k.conversation_id = e.conversation_id "
            "JOIN enriched.message_signals s ON s.event_id = e.event_id "
            "LEFT JOIN enriched.message_embeddings c ON c.text_hash = s.text_hash "
            f"AND c.model_id = '{model_id.replace(chr(39), chr(39) * 2)}' "
            "WHERE s.role = 'user' ORDER BY e.conversation_id, e.timestamp, e.event_id"
        )
    if rows.num_rows == 0:
        return 0
    sims = similarity_to_previous(
        _vectors(rows.column("embedding").to_pylist(), dim),
        rows.column("conversation_id").to_pylist(),
        # rows come ordered by (timestamp, event_id) within a conversation, as dbt orders messages
        np.arange(rows.num_rows),
    )
    values = pa.array([None if np.isnan(x) else round(float(x), 6) for x in sims], pa.float64())
    update = pa.table({"event_id": rows.column("event_id"), "similarity": values})
    with wh.staged(update) as stage:
        wh.execute(
            f"UPDATE enriched.message_signals SET similarity_to_previous = {stage}.similarity "
            f"FROM {stage} WHERE enriched.message_signals.event_id = {stage}.event_id"
        )
    return rows.num_rows


# -- intents -----------------------------------------------------------------------------------------

@dataclass
class IntentsResult:
    model_version: str | None = None
    fitted: bool = False
    assigned: int = 0
    unclassified: int = 0
    n_intents: int = 0
    mapping: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    note: str = ""


def current_intent_model(wh: Warehouse):
    """(model_version, IntentModel) in force, or None before the first fit."""
    from enrichment.intents import IntentModel

    rows = wh.query("SELECT model_version, model FROM enriched.intent_models ORDER BY created_at DESC LIMIT 1")
    if not rows:
        return None
    return rows[0][0], IntentModel.from_bytes(bytes(rows[0][1]))


def _user_messages_with_embeddings(model_id: str) -> str:
    quoted = model_id.replace("'", "''")
    return (
        "SELECT s.event_id, s.redacted_content, c.embedding FROM enriched.message_signals s "
        f"JOIN enriched.message_embeddings c ON c.text_hash = s.text_hash AND c.model_id = '{quoted}' "
        "WHERE s.role = 'user'"
    )


def enrich_intents(wh: Warehouse, model_id: str, dim: int, *, recluster: bool = False, seed: int = 0,
                   sample_size: int | None = None, min_messages: int = 200, log: Log = print) -> IntentsResult:
    """Assign new user messages to intents; fit the first model, or re-cluster when asked."""
    from enrichment.intents import DEFAULT_SAMPLE_SIZE, UNCLASSIFIED, assign_intents, fit_intents

    started, result = time.perf_counter(), IntentsResult()
    sample_size = sample_size or DEFAULT_SAMPLE_SIZE
    found = current_intent_model(wh)
    if found is None or recluster:
        available = wh.query(f"SELECT count(*) FROM ({_user_messages_with_embeddings(model_id)}) q")[0][0]
        if found is None and available < min_messages:
            result.note = (f"{available} user messages so far; the first intent model is fitted at {min_messages} "
                           "(PARLEY_INTENT_MIN_MESSAGES)")
            log(f"intents: {result.note}")
            result.seconds = time.perf_counter() - started
            return result
        # A deterministic sample: the same messages whatever the load order (md5 of the id, both engines).
        sample = wh.query_arrow(
            f"SELECT * FROM ({_user_messages_with_embeddings(model_id)}) q ORDER BY md5(event_id) LIMIT {sample_size}")
        previous = found[1] if found else None
        log(f"intents: fitting on {sample.num_rows:,} of {available:,} user messages"
            + (" (re-cluster, mapping to the current ids)" if previous else ""))
        model, mapping = fit_intents(
            _vectors(sample.column("embedding").to_pylist(), dim),
            [t or "" for t in sample.column("redacted_content").to_pylist()],
            seed=seed, sample_size=sample_size, previous=previous,
            metadata={"embedding_model_id": model_id},
        )
        blob = model.to_bytes()
        version = hashlib.sha256(blob).hexdigest()[:12]
        now = _now()
        with wh.transaction():
            wh.append("enriched.intent_models", _table("enriched.intent_models", {
                "model_version": [version], "model": [blob], "n_intents": [model.n_intents],
                "fit_messages": [sample.num_rows], "embedding_model_id": [model_id], "created_at": [now]}))
            if previous is not None:
                wh.execute("DELETE FROM enriched.message_intents")  # a re-cluster re-assigns every message
                result.mapping = [
                    {"model_version": version, "intent_id": m.new_id, "previous_model_version": found[0],
                     "previous_intent_id": m.old_id, "overlap": float(m.overlap), "jaccard": float(m.jaccard),
                     "status": m.status, "mapped_at": now}
                    for m in mapping
                ]
                if result.mapping:
                    wh.append("enriched.intent_id_map", _table(
                        "enriched.intent_id_map", {k: [r[k] for r in result.mapping] for k in result.mapping[0]}))
        found = (version, model)
        result.fitted = True
    version, model = found
    result.model_version, result.n_intents = version, model.n_intents
    pending = (
        f"SELECT q.event_id, q.embedding FROM ({_user_messages_with_embeddings(model_id)}) q "
        "LEFT JOIN enriched.message_intents m ON m.event_id = q.event_id WHERE m.event_id IS NULL ORDER BY q.event_id"
    )
    for batch in _batches(wh, pending):
        intent_ids, similarity = assign_intents(model, _vectors(batch.column("embedding").to_pylist(), dim))
        n = batch.num_rows
        wh.append("enriched.message_intents", _table("enriched.message_intents", {
            "event_id": batch.column("event_id").to_pylist(), "intent_id": [str(i) for i in intent_ids],
            "similarity": [round(float(s), 6) for s in similarity], "model_version": [version] * n,
            "assigned_at": [_now()] * n}))
        result.assigned += n
        result.unclassified += int(sum(1 for i in intent_ids if i == UNCLASSIFIED))
        log(f"intents: {result.assigned:,} messages assigned")
    _rebuild_intents_table(wh, version, model)
    result.seconds = time.perf_counter() - started
    return result


def _rebuild_intents_table(wh: Warehouse, version: str, model) -> None:
    """One row per intent of the model in force, with its size and first/last message over all messages."""
    from enrichment.intents import UNCLASSIFIED

    stats = {
        intent_id: (size, first, last)
        for intent_id, size, first, last in wh.query(
            "SELECT m.intent_id, count(*), min(e.timestamp), max(e.timestamp) FROM enriched.message_intents m "
            "JOIN raw.events e ON e.event_id = m.event_id GROUP BY m.intent_id")
    }
    ids = [*model.intent_ids, UNCLASSIFIED]
    labels = [*model.labels, UNCLASSIFIED]
    keywords = [", ".join(k) for k in model.keywords] + [""]
    examples = [*model.representative_texts, ""]
    now = _now()
    cols = {
        "intent_id": ids, "label": labels, "keywords": keywords,
        "size": [stats.get(i, (0, None, None))[0] for i in ids], "representative_text": examples,
        "is_unclassified": [i == UNCLASSIFIED for i in ids], "model_version": [version] * len(ids),
        "first_seen_at": [stats.get(i, (0, None, None))[1] for i in ids],
        "last_seen_at": [stats.get(i, (0, None, None))[2] for i in ids], "updated_at": [now] * len(ids),
    }
    with wh.transaction():
        wh.execute("DELETE FROM enriched.intents")
        wh.append("enriched.intents", _table("enriched.intents", cols))
