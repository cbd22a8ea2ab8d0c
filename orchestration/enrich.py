"""Enrichment I/O: new messages in ``raw.events`` -> signals, embeddings, intents in ``enriched.*``.

The models and rules live in ``enrichment/`` (pure functions); this module decides *which* rows to
process, reads and writes them in bounded batches, and keeps every step incremental by message:

- signals: every message event without a ``enriched.message_signals`` row (PII redaction for all roles;
  language and behavioural cues for user messages), computed in worker processes when there are many;
- embeddings: every distinct normalised user-message text not yet in the cache for the current model
  (a repeated question costs nothing);
- similarity to the previous user message: recomputed for *every* user message of each conversation that
  received a new message, so a late event lands exactly as a full refresh would place it;
- intents: new user messages are assigned to the intent model in force; the first model is fitted once
  there are enough messages; a full re-cluster is a deliberate, separate action.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa

from enrichment.signals.parallel import message_signal_columns, warm_up
from enrichment.signals.similarity import similarity_to_previous
from orchestration.warehouse import Warehouse, arrow_schema
from orchestration.workers import ordered_map

SIGNALS_VERSION = "signals-1"
BATCH = 5_000
# Signals use worker processes only when the pending messages fill at least this many batches. Measured
# on 2 shared cores: a 2-worker spawn pool is ready in ~1.0 s (imports, pandas among them, model loads) and
# a batch of 5,000 messages takes ~1.4 s in one process. A 3,000-conversation demo (14,661 messages, 3
# batches) took 3.7-4.1 s in-process vs 3.2-3.5 s with the pool (3 interleaved rounds, load 1.6), but
# 5.5 s vs 8.9 s in a round with another process busy (load 1.7): too little to gain below 4 batches.
PARALLEL_MIN_BATCHES = 4
Log = Callable[[str], None]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _p(wh: Warehouse) -> str:
    return "%s" if wh.dialect == "postgres" else "?"


def _table(name: str, columns: dict[str, list]) -> pa.Table:
    schema = arrow_schema(name)
    return pa.table({n: pa.array(v, schema.field(n).type) for n, v in columns.items()})


NEW_MESSAGES = (
    "SELECT e.event_id, e.role, e.content, e.conversation_id FROM raw.events e "
    "LEFT JOIN enriched.message_signals s ON s.event_id = e.event_id "
    "WHERE e.event_type = 'message' AND s.event_id IS NULL"
)
# Batches are read with Warehouse.stream_arrow: one pass over the query on a second connection, about one
# batch held in memory, and a snapshot that the writes made between batches cannot shift. Only the
# embeddings stream is sorted (by event_id, over user-message text, no vectors): the Embedder pads each
# batch to its longest text, so a text's vector can differ in the last bits with the texts it is batched
# with, and a fixed order keeps a re-run identical. Signals are a function of each message alone (and
# similarity is recomputed per whole conversation), so their stream needs no sort; see enrich_intents for
# the intent stream.


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
    pending = (
        "SELECT e.event_id, e.content FROM raw.events e "
        "LEFT JOIN enriched.message_signals s ON s.event_id = e.event_id "
        "WHERE e.event_type = 'message' AND s.event_id IS NULL AND e.role = 'user' ORDER BY e.event_id"
    )
    for batch in wh.stream_arrow(pending, batch_size):
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
                   log: Log = print, batch_size: int = BATCH, workers: int | None = None) -> SignalsResult:
    """Signals for every message event that has none yet, one transaction per batch.

    The computation of each batch (PII redaction, language, cues, sentiment:
    :func:`enrichment.signals.parallel.message_signal_columns`) runs in ``workers`` processes while this
    process writes the batch before; the rows written are the same as in-process, batch for batch.
    ``workers`` defaults to ``PARLEY_SIGNALS_WORKERS``, else the usable cores up to 4; 0 or 1 computes in this
    process. Fewer than ``PARALLEL_MIN_BATCHES`` batches of pending messages are always computed in this
    process (no pool start-up for a small demo or a test). Workers are spawned, so a script that calls
    this must guard its entry point with ``if __name__ == "__main__":``.
    """
    started, result = time.perf_counter(), SignalsResult()
    if workers is None:
        # At most 4 by default, as for ingestion: each worker holds ~0.2 GiB and a few batches in flight,
        # and a container's CPU quota can be far below the host's core count.
        workers = int(os.environ.get("PARLEY_SIGNALS_WORKERS") or min(4, len(os.sched_getaffinity(0))))
    with contextlib.ExitStack() as stack:
        if workers > 1:
            # Before the stream starts: DuckDB's thread count is shared by both connections.
            stack.enter_context(wh.single_threaded())  # the workers take the other cores
        stream = wh.stream_arrow(NEW_MESSAGES, batch_size)
        stack.callback(stream.close)  # ends the read (and its connection) even if a batch fails
        head = list(itertools.islice(stream, PARALLEL_MIN_BATCHES))
        batches = itertools.chain(head, stream)
        if workers > 1 and len(head) >= PARALLEL_MIN_BATCHES:
            # spawn, not fork: this process holds warehouse connections and their threads.
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=warm_up)
            stack.callback(pool.shutdown, cancel_futures=True)
            computed = ordered_map(pool, batches, lambda batch: pool.submit(message_signal_columns,
                                                                            *_signal_inputs(batch)))
        else:
            computed = ((batch, message_signal_columns(*_signal_inputs(batch))) for batch in batches)
        try:
            for batch, signal_cols in computed:
                _write_signals(wh, batch, signal_cols, text_hash, model_id, dim, result)
                log(f"signals: {result.messages:,} messages enriched")
        except BrokenProcessPool as exc:
            raise RuntimeError(
                "the signal worker processes stopped abruptly: killed (out of memory?), or the calling script "
                "lacks an `if __name__ == \"__main__\":` guard (spawned workers re-import the main module). "
                f"{result.messages:,} messages were enriched and committed; PARLEY_SIGNALS_WORKERS=0 computes "
                "in this process") from exc
    result.seconds = time.perf_counter() - started
    return result


def _signal_inputs(batch: pa.Table) -> tuple[list, list]:
    # Only the texts and roles travel to a worker (pickled lists), not the Arrow batch.
    return batch.column("content").to_pylist(), batch.column("role").to_pylist()


def _write_signals(wh: Warehouse, batch: pa.Table, signal_cols: dict[str, list], text_hash: Callable[[str], str],
                   model_id: str, dim: int, result: SignalsResult) -> None:
    """Write one batch's signal rows and refresh similarity for its conversations, in one transaction."""
    ids = batch.column("event_id").to_pylist()
    roles = batch.column("role").to_pylist()
    texts = [t or "" for t in batch.column("content").to_pylist()]
    n = len(ids)
    cols: dict[str, list] = {
        "event_id": ids, "role": roles,
        "text_hash": [text_hash(t) if r == "user" else None for t, r in zip(texts, roles, strict=True)],
        **signal_cols, "similarity_to_previous": [None] * n,
        "enrichment_version": [SIGNALS_VERSION] * n, "enriched_at": [_now()] * n,
    }
    conversations = sorted({c for c, r in zip(batch.column("conversation_id").to_pylist(), roles, strict=True)
                            if r == "user"})
    with wh.transaction():
        wh.append("enriched.message_signals", _table("enriched.message_signals", cols))
        result.similarity_updated += _update_similarity(wh, conversations, model_id, dim)
    result.messages += n
    result.user_messages += sum(r == "user" for r in roles)
    result.with_pii += sum(bool(t) for t in signal_cols["pii_types"])
    for code, role in zip(signal_cols["language"], roles, strict=True):
        if role == "user":
            result.by_language[code] = result.by_language.get(code, 0) + 1


def _update_similarity(wh: Warehouse, conversations: list[str], model_id: str, dim: int) -> int:
    """Recompute similarity_to_previous for every user message of these conversations.

    A conversation is recomputed whole, so a message that arrives late, between two already enriched ones,
    changes its successor's similarity exactly as a full refresh would. Every recomputed row gets a new
    ``enriched_at``: dbt's incremental staging replaces the rows enriched since its last build.
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
    update = pa.table({"event_id": rows.column("event_id"), "similarity": values,
                       "enriched_at": pa.repeat(pa.scalar(_now(), pa.timestamp("us")), rows.num_rows)})
    with wh.staged(update) as stage:
        wh.execute(
            f"UPDATE enriched.message_signals SET similarity_to_previous = {stage}.similarity, "
            f"enriched_at = {stage}.enriched_at "
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
                   sample_size: int | None = None, min_messages: int = 200, log: Log = print,
                   batch_size: int = BATCH) -> IntentsResult:
    """Assign new user messages to intents; fit the first model, or re-cluster when asked.

    Pending messages and their vectors are streamed in ``batch_size`` batches (bounded memory) in the
    warehouse's scan order, unsorted: sorting would hold every pending vector at once. The batching does
    not change what is stored (``nearest_centroid`` computes in float64 for that reason).
    """
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
        # The ids are chosen first, from narrow rows; only the sample's texts and vectors are then read, with
        # the vectors streaming past a hash table of the sample (see Warehouse.stream_arrow). Ordering
        # whole rows instead held every user message's text and vector at once (1M messages: peak RSS
        # 1,370 MiB for this query; 495 MiB now).
        quoted = model_id.replace("'", "''")
        batches = list(wh.stream_arrow(
            "SELECT p.event_id, p.redacted_content, c.embedding FROM enriched.message_embeddings c "
            "JOIN (SELECT s.event_id, s.redacted_content, s.text_hash FROM enriched.message_signals s "
            f"WHERE s.event_id IN (SELECT k.event_id FROM ({_user_messages_with_embeddings(model_id)}) k "
            f"ORDER BY md5(k.event_id) LIMIT {int(sample_size)})) p ON p.text_hash = c.text_hash "
            f"WHERE c.model_id = '{quoted}' ORDER BY md5(p.event_id)", BATCH))
        if not batches:
            result.note = "no user message has an embedding yet: nothing to fit intents on"
            log(f"intents: {result.note}")
            result.seconds = time.perf_counter() - started
            return result
        sample = pa.concat_tables(batches)
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
    # The vectors are the wide side: they come first, so only the pending (event_id, text_hash) keys are
    # held in the join's hash table while the vectors stream past (see Warehouse.stream_arrow).
    pending = (
        "SELECT p.event_id, c.embedding FROM enriched.message_embeddings c "
        "JOIN (SELECT s.event_id, s.text_hash FROM enriched.message_signals s "
        "LEFT JOIN enriched.message_intents m ON m.event_id = s.event_id "
        "WHERE s.role = 'user' AND m.event_id IS NULL) p ON p.text_hash = c.text_hash "
        f"WHERE c.model_id = '{model_id.replace(chr(39), chr(39) * 2)}'"
    )
    for batch in wh.stream_arrow(pending, batch_size):
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
