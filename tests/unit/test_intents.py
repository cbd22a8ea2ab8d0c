"""Intent discovery on synthetic data with known answers: well-separated blobs on the 384-d unit sphere."""

from __future__ import annotations

import re

import numpy as np
import pytest

from enrichment.intents import (
    UNCLASSIFIED,
    CTfidfRepresenter,
    IntentModel,
    assign_intents,
    describe_intents,
    fit_intents,
    tokenize,
)

DIM = 384
TOPICS = [
    ("weather", "rain", "forecast"),
    ("pizza", "order", "delivery"),
    ("alarm", "wake", "morning"),
    ("flight", "book", "ticket"),
    ("song", "play", "music"),
    ("password", "reset", "account"),
]


def _centres(k: int, seed: int) -> np.ndarray:
    c = np.random.default_rng(seed).normal(size=(k, DIM))
    return c / np.linalg.norm(c, axis=1, keepdims=True)


CENTRES = _centres(len(TOPICS) + 1, 123)  # the last one is held back as a "genuinely new" intent


def blobs(per_blob: int, topics: list[int], seed: int, outliers: int = 0):
    """Points around CENTRES[topics] (cosine to their centre ~0.86) plus random outliers on the sphere."""
    rng = np.random.default_rng(seed)
    xs, ys, texts = [], [], []
    for t in topics:
        v = CENTRES[t] + rng.normal(0, 0.03, size=(per_blob, DIM))
        xs.append(v)
        ys += [t] * per_blob
        words = TOPICS[t] if t < len(TOPICS) else ("invoice", "refund", "charge")
        texts += [f"{words[i % 3]} {words[(i + 1) % 3]} please" for i in range(per_blob)]
    if outliers:
        xs.append(rng.normal(size=(outliers, DIM)))
        ys += [-1] * outliers
        texts += [f"random noise {i}" for i in range(outliers)]
    x = np.vstack(xs)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32), np.array(ys), texts


@pytest.fixture(scope="module")
def base():
    x, y, texts = blobs(40, list(range(len(TOPICS))), seed=1, outliers=8)
    model, mapping = fit_intents(x, texts, seed=0)
    ids, sims = assign_intents(model, x)
    return x, y, texts, model, mapping, ids, sims


def test_well_separated_blobs_are_recovered_one_intent_each(base):
    _, y, _, model, _, ids, _ = base
    assert model.n_intents == len(TOPICS)
    for t in range(len(TOPICS)):
        assert len(set(ids[y == t])) == 1  # a blob is never split
    assert len({ids[y == t][0] for t in range(len(TOPICS))}) == len(TOPICS)  # nor merged with another


def test_outliers_are_kept_as_the_unclassified_intent(base):
    _, y, texts, model, _, ids, sims = base
    assert (ids[y == -1] == UNCLASSIFIED).all()
    assert (ids[y >= 0] != UNCLASSIFIED).all()
    summary = describe_intents(model, texts, ids, sims)
    assert summary[-1].intent_id == UNCLASSIFIED
    assert summary[-1].size == 8
    assert sum(s.size for s in summary) == len(texts)


def test_intent_ids_are_sql_friendly_strings(base):
    model = base[3]
    assert all(re.fullmatch(r"intent-\d{4,}", i) for i in model.intent_ids)
    assert model.intent_ids == [f"intent-{n:04d}" for n in range(1, len(TOPICS) + 1)]


def test_first_fit_reports_every_intent_as_new(base):
    mapping = base[4]
    assert sorted(m.new_id for m in mapping) == base[3].intent_ids
    assert all(m.status == "new" and m.old_id is None for m in mapping)


def test_labels_name_the_topic_and_representative_is_a_member(base):
    _, y, texts, model, _, ids, sims = base
    for s in describe_intents(model, texts, ids, sims)[:-1]:
        topic = next(t for t in range(len(TOPICS)) if ids[y == t][0] == s.intent_id)
        assert set(s.keywords[:3]) == set(TOPICS[topic])
        assert s.representative_text in {texts[i] for i in np.flatnonzero(y == topic)}
        assert s.size == 40


def test_same_input_and_seed_give_identical_model_and_assignments(base):
    x, _, texts, model, _, ids, _ = base
    again, _ = fit_intents(x, texts, seed=0)
    assert again.to_bytes() == model.to_bytes()
    assert (assign_intents(again, x)[0] == ids).all()


def test_new_messages_are_assigned_to_existing_ids(base):
    x, y, _, model, _, ids, _ = base
    new_x, new_y, _ = blobs(10, list(range(len(TOPICS))), seed=99)
    new_ids, _ = assign_intents(model, new_x)
    for t in range(len(TOPICS)):
        assert (new_ids[new_y == t] == ids[y == t][0]).all()


def test_recluster_on_more_data_keeps_old_ids_and_records_the_overlap(base):
    x, _, texts, model, _, _, _ = base
    more_x, _, more_t = blobs(20, list(range(len(TOPICS))), seed=7)
    new_model, mapping = fit_intents(np.vstack([x, more_x]), texts + more_t, seed=5, previous=model)
    assert sorted(new_model.intent_ids) == sorted(model.intent_ids)
    assert all(m.status == "kept" and m.old_id == m.new_id and m.jaccard >= 0.5 for m in mapping)
    assert len(mapping) == len(TOPICS)
    assert new_model.next_id == model.next_id


def test_genuinely_new_cluster_gets_a_fresh_id_and_retired_ids_are_never_reused(base):
    x, y, texts, model, _, _, _ = base
    # Drop topic 0, add an unseen topic: one id retires, one fresh id appears, the rest persist.
    keep = y != 0
    new_x, _, new_t = blobs(40, [len(TOPICS)], seed=3)
    x2 = np.vstack([x[keep], new_x])
    t2 = [t for t, k in zip(texts, keep, strict=True) if k] + new_t
    m2, mapping = fit_intents(x2, t2, seed=0, previous=model)
    by_status = {s: [m for m in mapping if m.status == s] for s in ("kept", "new", "retired")}
    gone = assign_intents(model, x[y == 0])[0][0]
    assert [m.old_id for m in by_status["retired"]] == [gone]
    assert [m.new_id for m in by_status["new"]] == ["intent-0007"]
    assert len(by_status["kept"]) == len(TOPICS) - 1
    assert gone not in m2.intent_ids
    new_ids, _ = assign_intents(m2, new_x)
    assert (new_ids == "intent-0007").all()
    # The next fresh id continues the sequence: the retired id is not handed out again.
    assert m2.next_id == 8


def test_persistence_round_trip_gives_identical_assignments(base):
    x, _, _, model, _, ids, sims = base
    restored = IntentModel.from_bytes(model.to_bytes())
    r_ids, r_sims = assign_intents(restored, x)
    assert (r_ids == ids).all()
    assert np.array_equal(r_sims, sims)
    assert restored.summaries() == model.summaries()


def test_loading_refuses_other_formats_and_newer_versions(base):
    import io
    import json

    with pytest.raises(ValueError):
        buf = io.BytesIO()
        np.savez(buf, centroids=np.zeros((0, 3), np.float32),
                 meta=np.frombuffer(json.dumps({"format": "other"}).encode(), np.uint8))
        IntentModel.from_bytes(buf.getvalue())
    data = base[3].to_bytes()
    with np.load(io.BytesIO(data)) as z:
        meta = json.loads(bytes(z["meta"]).decode())
        cents = z["centroids"]
    meta["version"] = 999
    buf = io.BytesIO()
    np.savez(buf, centroids=cents, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8))
    with pytest.raises(ValueError, match="newer"):
        IntentModel.from_bytes(buf.getvalue())


def test_assignment_in_batches_equals_assignment_at_once(base):
    x, _, _, model, _, ids, sims = base
    b_ids, b_sims = assign_intents(model, x, batch_size=7)
    assert (b_ids == ids).all()
    assert np.allclose(b_sims, sims, atol=1e-6)


def test_fit_on_a_sample_still_finds_the_intents_for_everyone():
    x, y, texts = blobs(60, list(range(len(TOPICS))), seed=11)
    model, _ = fit_intents(x, texts, seed=0, sample_size=150)
    assert model.params["n_fit"] == 150
    ids, _ = assign_intents(model, x)
    assert model.n_intents == len(TOPICS)
    assert all(len(set(ids[y == t])) == 1 for t in range(len(TOPICS)))


def test_embeddings_of_another_dimension_are_refused(base):
    with pytest.raises(ValueError, match="dimension"):
        assign_intents(base[3], np.ones((2, 10), np.float32))


def test_ctfidf_keywords_of_a_toy_corpus_are_the_distinctive_words():
    texts = [
        "will it rain today", "rain forecast for today", "is heavy rain expected",
        "order a pizza today", "pizza delivery please", "I want a pizza with cheese",
    ]
    labels = ["w", "w", "w", "p", "p", "p"]
    kw = CTfidfRepresenter().keywords(texts, labels, n=3)
    assert kw["w"][0] == "rain"
    assert kw["p"][0] == "pizza"
    # "today" is in both classes: it ranks below each class's own word; stopwords never appear.
    assert "will" not in kw["w"] and "a" not in kw["p"]


def test_tokenizer_handles_several_languages_without_english_only_rules():
    assert tokenize("Wie wird das Wetter heute in München?") == ["wetter", "heute", "münchen"]
    assert tokenize("Réveille-moi à 7 heures") == ["réveille", "moi", "heures"]
    # Japanese has no spaces: kanji/katakana bigrams are kept, pure-hiragana grammar is dropped.
    assert {"明日", "天気"} <= set(tokenize("明日の天気は？"))
    assert all(not re.fullmatch("[\u3040-\u309f]+", t) for t in tokenize("今日は雨が降りますか"))
