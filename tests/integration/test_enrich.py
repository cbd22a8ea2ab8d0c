"""Enrichment is incremental by message and still equals a full refresh (DuckDB and PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from enrichment.demo_data import generate
from enrichment.embed import Embedder, normalize_text, text_hash
from orchestration import enrich
from orchestration.ingest import ingest_paths
from orchestration.warehouse import connect


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
