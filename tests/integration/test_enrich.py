"""Enrichment is incremental by message and still equals a full refresh (DuckDB and PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from enrichment.demo_data import generate
from enrichment.embed import Embedder, normalize_text, text_hash
from orchestration import enrich
from orchestration.ingest import ingest_paths
from orchestration.warehouse import WarehouseError, connect


@pytest.fixture(scope="module")
def embedder():
    return Embedder()


def run_enrichment(wh, embedder, **intent_args):
    embedded = enrich.enrich_embeddings(wh, embedder, normalize_text, text_hash, log=lambda _: None)
    signals = enrich.enrich_signals(wh, text_hash, embedder.model_id, embedder.dimension, log=lambda _: None)
    intents = enrich.enrich_intents(wh, embedder.model_id, embedder.dimension, log=lambda _: None,
                                    **{"min_messages": 50, **intent_args})
    return embedded, signals, intents


def message(event_id, conversation, minute, text, role="user"):
    return json.dumps({
        "event_type": "message", "event_id": event_id, "timestamp": f"2026-10-05T10:{minute:02d}:00Z",
        "conversation_id": conversation, "assistant_id": "hr-helper", "user_id": "u-1", "role": role,
        "content": text}) + "\n"


def similarities(wh) -> dict:
    return dict(wh.query("SELECT event_id, similarity_to_previous FROM enriched.message_signals WHERE role = 'user'"))


def test_a_late_message_lands_exactly_as_a_full_refresh_would(warehouse, embedder, tmp_path):
    first = tmp_path / "a.jsonl"
    first.write_text(message("m1", "c", 0, "How many vacation days do I have left?")
                     + message("m3", "c", 5, "How many days of holiday remain for me this year?")
                     + message("m4", "c", 6, "thanks!"))
    ingest_paths(warehouse, [first])
    enrich.enrich_embeddings(warehouse, embedder, normalize_text, text_hash, log=lambda _: None)
    enrich.enrich_signals(warehouse, text_hash, embedder.model_id, embedder.dimension, log=lambda _: None)
    before = similarities(warehouse)
    assert before["m1"] is None and before["m3"] > 0.5
    [(first_written,)] = warehouse.query("SELECT enriched_at FROM enriched.message_signals WHERE event_id = 'm3'")

    late = tmp_path / "b.jsonl"  # arrives later, but happened between m1 and m3
    late.write_text(message("m2", "c", 2, "Where can I download my payslip?"))
    ingest_paths(warehouse, [late])
    enrich.enrich_embeddings(warehouse, embedder, normalize_text, text_hash, log=lambda _: None)
    enrich.enrich_signals(warehouse, text_hash, embedder.model_id, embedder.dimension, log=lambda _: None)
    incremental = similarities(warehouse)

    with connect("duckdb", path=tmp_path / "full.duckdb") as full:
        ingest_paths(full, [first, late])
        enrich.enrich_embeddings(full, embedder, normalize_text, text_hash, log=lambda _: None)
        enrich.enrich_signals(full, text_hash, embedder.model_id, embedder.dimension, log=lambda _: None)
        refreshed = similarities(full)
    assert incremental.keys() == refreshed.keys()
    for key in refreshed:
        assert incremental[key] == pytest.approx(refreshed[key], abs=1e-6) if refreshed[key] is not None \
            else incremental[key] is None
    assert incremental["m3"] < before["m3"]  # m3 now follows the payslip question, not the vacation one
    # ... and is stamped as re-enriched, which is how dbt's incremental staging finds the changed value
    [(rewritten,)] = warehouse.query("SELECT enriched_at FROM enriched.message_signals WHERE event_id = 'm3'")
    assert rewritten > first_written


def test_a_repeated_text_is_not_embedded_again(warehouse, embedder, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(message("m1", "c1", 0, "Reset my VPN password please"))
    ingest_paths(warehouse, [path])
    assert enrich.enrich_embeddings(warehouse, embedder, normalize_text, text_hash, log=print).texts_embedded == 1
    with open(path, "a") as f:  # the same question again, with other spacing and case-preserving text
        f.write(message("m2", "c2", 3, "  Reset my  VPN password please "))
    ingest_paths(warehouse, [path])
    again = enrich.enrich_embeddings(warehouse, embedder, normalize_text, text_hash, log=print)
    assert again.texts_embedded == 0
    assert warehouse.count("enriched.message_embeddings") == 1


def test_intent_ids_stay_stable_when_new_data_arrives(warehouse, embedder, tmp_path):
    generate(tmp_path / "one", conversations=150, days=14, seed=1, foreign_share=0)
    ingest_paths(warehouse, [tmp_path / "one" / "v1"])
    _, _, first = run_enrichment(warehouse, embedder)
    assert first.fitted and first.assigned > 50
    assigned = dict(warehouse.query("SELECT event_id, intent_id FROM enriched.message_intents"))

    generate(tmp_path / "two", conversations=60, days=14, seed=2, foreign_share=0)
    ingest_paths(warehouse, [tmp_path / "two" / "v1"])
    _, _, second = run_enrichment(warehouse, embedder)
    assert not second.fitted and second.model_version == first.model_version
    after = dict(warehouse.query("SELECT event_id, intent_id FROM enriched.message_intents"))
    assert {k: after[k] for k in assigned} == assigned  # nothing already assigned moved
    known = {i for (i,) in warehouse.query("SELECT intent_id FROM enriched.intents")}
    assert set(after.values()) <= known and len(after) > len(assigned)

    # a deliberate re-cluster maps the new clusters onto the old ids and records it
    _, _, third = run_enrichment(warehouse, embedder, recluster=True)
    assert third.fitted and third.model_version != first.model_version
    kept = [m for m in third.mapping if m["status"] == "kept"]
    assert kept and all(m["intent_id"] == m["previous_intent_id"] for m in kept)
    assert warehouse.count("enriched.intent_id_map") == len(third.mapping)
    [(versions,)] = warehouse.query("SELECT count(DISTINCT model_version) FROM enriched.message_intents")
    assert versions == 1


def test_a_rerun_with_nothing_new_changes_nothing(warehouse, embedder, tmp_path):
    generate(tmp_path / "one", conversations=80, days=7, seed=3, foreign_share=0)
    ingest_paths(warehouse, [tmp_path / "one" / "v1"])
    run_enrichment(warehouse, embedder)
    snapshot = {t: sorted(warehouse.query(f"SELECT * FROM enriched.{t}"), key=repr)
                for t in ("message_signals", "message_embeddings", "message_intents", "intent_models")}
    embedded, signals, intents = run_enrichment(warehouse, embedder)
    assert (embedded.texts_embedded, signals.messages, intents.assigned) == (0, 0, 0)
    assert {t: sorted(warehouse.query(f"SELECT * FROM enriched.{t}"), key=repr) for t in snapshot} == snapshot


# -- streaming reads and signals in worker processes ----------------------------------------------------

SIGNAL_COLUMNS = ("event_id", "role", "text_hash", "redacted_content", "pii_types", "language", "language_confidence",
                  "frustration_score", "frustration_cues", "asks_for_human", "gratitude", "sentiment_score",
                  "similarity_to_previous", "enrichment_version")


def conversation_file(path, conversations=5):
    """Five messages per conversation, both roles; one user message carries a card number, one an e-mail."""
    lines = []
    for c in range(conversations):
        lines += [
            message(f"c{c}-1", f"c{c}", 0, "My card 4111 1111 1111 1111 was charged twice, this is useless!!"),
            message(f"c{c}-2", f"c{c}", 1, "Sorry about that. Write to billing@example.com", role="assistant"),
            message(f"c{c}-3", f"c{c}", 2, "Necesito hablar con una persona, por favor"),
            message(f"c{c}-4", f"c{c}", 3, "Done.", role="assistant"),
            message(f"c{c}-5", f"c{c}", 4, "thanks, mail me at jane.doe@example.org"),
        ]
    path.write_text("".join(lines))
    return path


def signal_rows(wh) -> list[tuple]:
    return wh.query(f"SELECT {', '.join(SIGNAL_COLUMNS)} FROM enriched.message_signals ORDER BY event_id")


class CountingPool(enrich.ProcessPoolExecutor):
    started = 0

    def __init__(self, *args, **kwargs):
        type(self).started += 1
        super().__init__(*args, **kwargs)


def test_signals_computed_in_worker_processes_equal_in_process_rows(warehouse, tmp_path, monkeypatch):
    monkeypatch.setattr(enrich, "ProcessPoolExecutor", CountingPool)
    CountingPool.started = 0
    path = conversation_file(tmp_path / "a.jsonl")  # 25 messages: batches of 4 cut conversations apart
    ingest_paths(warehouse, [path])
    parallel = enrich.enrich_signals(warehouse, text_hash, "m", 384, log=lambda _: None, batch_size=4, workers=2)
    assert CountingPool.started == 1
    with connect("duckdb", path=tmp_path / "serial.duckdb") as serial_wh:
        ingest_paths(serial_wh, [path])
        serial = enrich.enrich_signals(serial_wh, text_hash, "m", 384, log=lambda _: None, batch_size=25, workers=0)
        expected = signal_rows(serial_wh)
    assert CountingPool.started == 1  # workers=0: in this process
    got = signal_rows(warehouse)
    assert len(got) == 25 and got == expected
    assert (parallel.messages, parallel.user_messages, parallel.with_pii, parallel.by_language) == \
        (serial.messages, serial.user_messages, serial.with_pii, serial.by_language)
    card = next(r for r in got if r[0] == "c3-1")
    assert "4111" not in card[3] and "<CARD>" in card[3] and card[4] == "card"
    assert next(r for r in got if r[0] == "c3-5")[3] == "thanks, mail me at <EMAIL>"


def test_signals_of_a_single_batch_start_no_worker_processes(warehouse, tmp_path, monkeypatch):
    monkeypatch.setattr(enrich, "ProcessPoolExecutor", CountingPool)
    CountingPool.started = 0
    ingest_paths(warehouse, [conversation_file(tmp_path / "a.jsonl", conversations=1)])
    result = enrich.enrich_signals(warehouse, text_hash, "m", 384, log=lambda _: None, batch_size=5, workers=2)
    assert result.messages == 5 and CountingPool.started == 0


def test_workers_setting_comes_from_the_environment(warehouse, tmp_path, monkeypatch):
    monkeypatch.setattr(enrich, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setenv("PARLEY_SIGNALS_WORKERS", "1")
    CountingPool.started = 0
    ingest_paths(warehouse, [conversation_file(tmp_path / "a.jsonl", conversations=2)])
    assert enrich.enrich_signals(warehouse, text_hash, "m", 384, log=lambda _: None, batch_size=3).messages == 10
    assert CountingPool.started == 0


def test_rows_written_between_batches_neither_skip_nor_repeat_stream_rows(warehouse, tmp_path):
    ingest_paths(warehouse, [conversation_file(tmp_path / "a.jsonl", conversations=3)])  # 15 messages
    all_ids = {i for (i,) in warehouse.query("SELECT event_id FROM raw.events")}
    seen: list[str] = []
    for n, batch in enumerate(warehouse.stream_arrow(enrich.NEW_MESSAGES, 4)):
        assert batch.num_rows == (4 if len(seen) < 12 else 3)
        seen += batch.column("event_id").to_pylist()
        if n == 0:
            # Mark every message but the first batch's as enriched: a re-run of the pending query (or a
            # reader sharing this connection's view) would now return nothing more.
            rest = sorted(all_ids - set(seen))
            with warehouse.transaction():
                warehouse.append("enriched.message_signals", enrich._table("enriched.message_signals", {
                    "event_id": rest, "role": ["user"] * len(rest)}))
        assert warehouse.count("enriched.message_signals") == 11  # the writes are committed and visible here
    assert len(seen) == len(set(seen)) == 15 and set(seen) == all_ids


def test_enrich_signals_in_small_batches_writes_each_message_once(warehouse, tmp_path):
    ingest_paths(warehouse, [conversation_file(tmp_path / "a.jsonl", conversations=3)])
    result = enrich.enrich_signals(warehouse, text_hash, "m", 384, log=lambda _: None, batch_size=2, workers=0)
    [(rows, distinct)] = warehouse.query("SELECT count(*), count(DISTINCT event_id) FROM enriched.message_signals")
    assert result.messages == rows == distinct == 15


def test_stream_arrow_refuses_to_run_inside_a_transaction(warehouse):
    warehouse.ensure_tables()
    with warehouse.transaction(), pytest.raises(WarehouseError, match="outside"):
        next(warehouse.stream_arrow("SELECT event_id FROM raw.events", 10))


def test_intents_assigned_in_small_batches_match_one_batch(warehouse, embedder, tmp_path):
    generate(tmp_path / "one", conversations=80, days=7, seed=3, foreign_share=0)
    ingest_paths(warehouse, [tmp_path / "one" / "v1"])
    enrich.enrich_embeddings(warehouse, embedder, normalize_text, text_hash, log=lambda _: None)
    enrich.enrich_signals(warehouse, text_hash, embedder.model_id, embedder.dimension, log=lambda _: None)
    first = enrich.enrich_intents(warehouse, embedder.model_id, embedder.dimension, log=lambda _: None,
                                  min_messages=50, batch_size=1_000_000)
    one_batch = dict((e, (i, s)) for e, i, s in warehouse.query(
        "SELECT event_id, intent_id, similarity FROM enriched.message_intents"))
    warehouse.execute("DELETE FROM enriched.message_intents")
    again = enrich.enrich_intents(warehouse, embedder.model_id, embedder.dimension, log=lambda _: None,
                                  batch_size=7)
    assert not again.fitted and again.assigned == first.assigned == len(one_batch)
    small = dict((e, (i, s)) for e, i, s in warehouse.query(
        "SELECT event_id, intent_id, similarity FROM enriched.message_intents"))
    assert small.keys() == one_batch.keys()
    # the same ids and the same stored similarity, whatever the batching (nearest_centroid is float64)
    assert small == one_batch
