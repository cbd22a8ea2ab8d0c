"""similarity_to_previous on hand-made vectors: first message NaN, conversations never mix, order key respected."""

from __future__ import annotations

import numpy as np
import pytest

from enrichment.signals.similarity import similarity_to_previous

S2 = np.float32(np.sqrt(0.5))
E = np.array(
    [
        [1, 0, 0],  # a1
        [S2, S2, 0],  # a2: cos(a1, a2) = 0.7071
        [0, 1, 0],  # a3: cos(a2, a3) = 0.7071
        [0, 0, 1],  # b1
        [0, 0, -1],  # b2: cos(b1, b2) = -1
    ],
    dtype=np.float32,
)
CONV = ["a", "a", "a", "b", "b"]
ORDER = [1, 2, 3, 1, 2]
EXPECTED = [np.nan, 0.70710677, 0.70710677, np.nan, -1.0]


def test_cosine_to_previous_message_of_the_same_conversation():
    np.testing.assert_allclose(similarity_to_previous(E, CONV, ORDER), EXPECTED, rtol=1e-6)


def test_first_message_of_each_conversation_is_nan():
    out = similarity_to_previous(E, CONV, ORDER)
    assert np.isnan(out[0]) and np.isnan(out[3])
    assert np.isfinite(out[[1, 2, 4]]).all()


def test_shuffled_input_gives_the_same_values_aligned_with_input_rows():
    perm = np.array([4, 2, 0, 3, 1])
    out = similarity_to_previous(E[perm], np.array(CONV)[perm], np.array(ORDER)[perm])
    np.testing.assert_allclose(out, np.array(EXPECTED)[perm], rtol=1e-6)


def test_order_key_not_row_position_decides_what_is_previous():
    # Same rows, but a3 happened before a2: now a3 follows a1 (cos 0) and a2 follows a3 (cos 0.7071).
    out = similarity_to_previous(E, CONV, [1, 3, 2, 1, 2])
    np.testing.assert_allclose(out, [np.nan, 0.70710677, 0.0, np.nan, -1.0], rtol=1e-6, atol=1e-7)


def test_conversations_never_mix_even_when_interleaved():
    conv = ["a", "b", "a", "b"]
    emb = np.array([[1, 0], [0, 1], [1, 0], [0, 1]], dtype=np.float32)
    out = similarity_to_previous(emb, conv, [1, 1, 2, 2])
    np.testing.assert_allclose(out, [np.nan, np.nan, 1.0, 1.0])


def test_timestamps_and_string_ids_work_as_keys():
    ts = np.array(["2024-01-01T10:00", "2024-01-01T09:00", "2024-01-01T11:00"], dtype="datetime64[m]")
    emb = np.array([[1, 0], [0, 1], [1, 0]], dtype=np.float32)
    out = similarity_to_previous(emb, ["c-1", "c-1", "c-1"], ts)
    np.testing.assert_allclose(out, [0.0, np.nan, 1.0], atol=1e-7)


def test_non_unit_vectors_still_give_cosine_and_zero_vectors_give_nan():
    emb = np.array([[2, 0], [3, 3], [0, 0]], dtype=np.float32)
    out = similarity_to_previous(emb, [1, 1, 1], [1, 2, 3])
    np.testing.assert_allclose(out[:2], [np.nan, 0.70710677], rtol=1e-6)
    assert np.isnan(out[2])


def test_ties_in_order_keep_input_order():
    emb = np.array([[1, 0], [0, 1], [1, 0]], dtype=np.float32)
    out = similarity_to_previous(emb, ["a", "a", "a"], [5, 5, 5])
    np.testing.assert_allclose(out, [np.nan, 0.0, 0.0], atol=1e-7)


def test_output_is_float32_aligned_with_input_and_handles_tiny_inputs():
    assert similarity_to_previous(np.zeros((0, 4), np.float32), [], []).shape == (0,)
    single = similarity_to_previous(np.ones((1, 4), np.float32), ["x"], [0])
    assert single.dtype == np.float32 and np.isnan(single[0])


def test_many_rows_match_a_per_row_reference():
    rng = np.random.default_rng(1)
    n = 5000
    emb = rng.standard_normal((n, 16)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    conv = rng.integers(0, 300, n)
    order = rng.permutation(n)
    out = similarity_to_previous(emb, conv, order)
    last: dict[int, int] = {}
    expected = np.full(n, np.nan)
    for i in np.argsort(order, kind="stable"):
        if conv[i] in last:
            expected[i] = float(emb[i] @ emb[last[conv[i]]])
        last[conv[i]] = i
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_rows_without_conversation_id_get_nan_and_are_never_linked():
    emb = np.array([[1, 0], [1, 0], [1, 0]], dtype=np.float32)
    out = similarity_to_previous(emb, np.array([None, None, "a"], dtype=object), [1, 2, 3])
    assert np.isnan(out).all()


def test_mismatched_lengths_are_rejected():
    with pytest.raises(ValueError):
        similarity_to_previous(E, CONV[:-1], ORDER)
