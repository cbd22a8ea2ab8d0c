"""The embedding step: offline loading, unit vectors, the cache key, and the fast backend's agreement."""

from __future__ import annotations

import hashlib
import logging
import os
import time

import numpy as np
import pytest

from enrichment import embed as E
from enrichment.embed import (
    Embedder,
    ModelNotAvailableError,
    embed_with_cache,
    missing_texts,
    model_fingerprint,
    normalize_text,
    text_hash,
)

MULTILINGUAL = [
    "how do I reset my password",
    "Wie kann ich meine Bestellung stornieren?",
    "¿Cuál es el saldo de mi cuenta?",
    "Quel temps fera-t-il demain à Paris ?",
    "Какая завтра погода в Москве?",
    "明日の天気はどうですか",
    "我想订一张去北京的机票",
    "هل ستمطر اليوم",
]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()  # the default: packaged all-MiniLM-L6-v2, backend auto


# -- the cache key (pure) ------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("hello   world", "hello world"),
    ("  hello world\n", "hello world"),
    ("hello\tworld", "hello world"),
    ("hello\u00a0world", "hello world"),      # non-breaking space
    ("ｈｅｌｌｏ world？", "hello world?"),    # full-width letters and question mark (NFKC)
    ("ﬁle", "file"),                          # ligature (NFKC)
    ("Cafe\u0301", "Café"),                   # combining accent composed
])
def test_texts_differing_only_in_unicode_form_or_spacing_are_the_same_text(a, b):
    assert normalize_text(a) == normalize_text(b)
    assert text_hash(a) == text_hash(b)


def test_case_is_kept_so_cased_models_see_it():
    assert normalize_text("Help ME") == "Help ME"
    assert text_hash("US") != text_hash("us")


def test_text_hash_is_sha256_of_the_normalised_text():
    assert text_hash("  hi there ") == hashlib.sha256(b"hi there").hexdigest()


def test_normalize_text_rejects_non_text():
    with pytest.raises(TypeError):
        normalize_text(None)  # type: ignore[arg-type]


def test_missing_texts_dedupes_and_skips_cached_hashes():
    texts = ["thanks", "Thanks", "thanks ", "reset my password", "thanks", "where is my order"]
    cached = {text_hash("where is my order")}
    assert missing_texts(texts, cached) == [
        (text_hash("thanks"), "thanks"),
        (text_hash("Thanks"), "Thanks"),
        (text_hash("reset my password"), "reset my password"),
    ]
    assert missing_texts(texts, [text_hash(t) for t in texts]) == []


def test_model_fingerprint_follows_content_not_location(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        (folder / "1_Pooling").mkdir(parents=True)
        (folder / "config.json").write_text('{"hidden_size": 4}')
        (folder / "1_Pooling" / "config.json").write_text('{"pooling_mode_mean_tokens": true}')
        (folder / "README.md").write_text(f"docs of {folder.name}")  # not part of the identity
    assert model_fingerprint(a) == model_fingerprint(b)
    (b / "1_Pooling" / "config.json").write_text('{"pooling_mode_cls_token": true}')
    assert model_fingerprint(a) != model_fingerprint(b)


# -- locating the model ------------------------------------------------------------------------------

def test_unknown_model_name_fails_fast_and_says_what_to_do():
    started = time.perf_counter()
    with pytest.raises(ModelNotAvailableError) as err:
        Embedder("no-such-org/no-such-model-xyz")
    assert time.perf_counter() - started < 5  # no DNS retries: the lookup is local only
    message = str(err.value)
    assert "'no-such-org/no-such-model-xyz'" in message
    assert "not installed locally" in message
    assert "PARLEY_EMBEDDING_MODEL" in message


def test_model_from_the_environment_is_named_in_the_error(monkeypatch):
    monkeypatch.setenv("PARLEY_EMBEDDING_MODEL", "all-mpnet-base-v2-not-here")
    with pytest.raises(ModelNotAvailableError, match=r"\$PARLEY_EMBEDDING_MODEL"):
        E.resolve_model(None)


def test_a_folder_that_is_not_a_model_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("not a model")
    with pytest.raises(ModelNotAvailableError, match="neither modules.json nor config.json"):
        E.resolve_model(str(tmp_path))


def test_hub_name_of_the_default_model_means_the_packaged_copy():
    assert E.resolve_model("sentence-transformers/all-MiniLM-L6-v2") == E.resolve_model(None)


# -- the embedder ------------------------------------------------------------------------------------

def test_default_model_loads_offline_and_embeds(embedder):
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert embedder.model_id.startswith("all-MiniLM-L6-v2@")
    assert f"|{embedder.backend}|seq128|" in embedder.model_id
    vectors = embedder.encode(["where is my order", "reset my password", "thanks!"])
    assert vectors.shape == (3, 384) == (3, embedder.dimension)
    assert vectors.dtype == np.float32


def test_vectors_are_unit_length(embedder):
    vectors = embedder.encode(MULTILINGUAL + ["ok", "a much longer message " * 40])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_same_text_gives_the_same_vector(embedder):
    inside = embedder.encode(["cancel my subscription", "what's the weather", "cancel my subscription"])
    assert np.array_equal(inside[0], inside[2])
    alone = embedder.encode(["cancel my subscription"])[0]
    # Another call puts the text in another batch; bf16 rounding may move it by ~1e-5, no more.
    assert float(alone @ inside[0]) > 0.9999


def test_spacing_variants_are_embedded_once_and_identically(embedder):
    calls = []
    vectors = embedder.encode(["hello world", "  hello\tworld\n", "bye"], progress=lambda d, t: calls.append((d, t)))
    assert np.array_equal(vectors[0], vectors[1])
    assert calls[-1] == (2, 2)  # two distinct texts were embedded


def test_related_texts_are_closer_than_unrelated(embedder):
    a, b, c = embedder.encode(["how do I reset my password", "I forgot my password", "play some jazz music"])
    assert a @ b > a @ c + 0.3


def test_empty_input_gives_an_empty_matrix(embedder):
    assert embedder.encode([]).shape == (0, 384)


def test_fast_backend_agrees_with_plain_encode_in_several_languages(embedder):
    reference = embedder.sentence_transformer.encode(MULTILINGUAL, normalize_embeddings=True)
    cosine = np.sum(embedder.encode(MULTILINGUAL) * reference, axis=1)
    assert cosine.min() >= 0.99, (embedder.backend, cosine)


def test_cache_embeds_each_distinct_text_once(embedder):
    cache: dict = {}
    first, n1 = embed_with_cache(embedder, ["hi", "reset my password", "hi ", "Hi"], cache)
    assert n1 == 3  # "hi " is "hi"; "Hi" keeps its case
    second, n2 = embed_with_cache(embedder, ["reset my password", "hi", "new question here"], cache)
    assert n2 == 1
    assert np.array_equal(second[0], first[1]) and np.array_equal(second[1], first[0])
    assert all(key[0] == embedder.model_id for key in cache)


def test_auto_backend_falls_back_to_torch_with_a_warning(monkeypatch, caplog):
    def broken(self, force_f32):
        raise RuntimeError("simulated export failure")

    monkeypatch.setattr(Embedder, "_build_openvino", broken)
    with caplog.at_level(logging.WARNING, logger="enrichment.embed"):
        fallback = Embedder(max_seq_length=64)
    assert fallback.backend == "torch" and "|torch|seq64|" in fallback.model_id
    assert "simulated export failure" in caplog.text
    assert np.linalg.norm(fallback.encode(["still works"])[0]) == pytest.approx(1.0, abs=1e-5)


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="backend must be one of"):
        Embedder(backend="tensorrt")
