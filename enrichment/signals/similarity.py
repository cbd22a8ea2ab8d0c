"""Cosine similarity of each user message to the previous user message of the same conversation.

Owns: ``similarity_to_previous``, the input of the rephrase rule applied later in dbt (a user who repeats
themselves in other words after an unhelpful answer). Vectorised: one sort plus chunked row-wise dot
products, no Python loop per row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

# Rows per block of gathered embeddings: bounds the temporary copies to ~2 x 64k x dim float32
# (~200 MB at dim 384) whatever the input size.
_CHUNK = 65_536


def similarity_to_previous(
    embeddings: np.ndarray,
    conversation_ids: Sequence | np.ndarray,
    order: Sequence | np.ndarray,
) -> np.ndarray:
    """Cosine similarity of each row to the previous row of the same conversation.

    ``embeddings`` is (n, d) (unit-norm float32 expected, but any non-zero vectors work: the cosine is
    computed with their norms). ``conversation_ids`` (any hashable values) and ``order`` (any sortable
    key: timestamps, sequence numbers) have length n; rows may come in any order. Pass user messages
    only to get "previous user message" semantics. Ties in ``order`` within a conversation keep their
    input order. Returns float32 (n,) aligned with the input rows, NaN for the first message of each
    conversation, for rows without a conversation id (None/NaN) and for zero vectors.
    """
    emb = np.asarray(embeddings)
    if emb.ndim != 2:
        raise ValueError(f"embeddings must be 2-D, got shape {emb.shape}")
    n = emb.shape[0]
    conv = np.asarray(conversation_ids)
    key = np.asarray(order)
    if conv.shape[0] != n or key.shape[0] != n:
        raise ValueError(f"lengths differ: embeddings {n}, conversation_ids {conv.shape[0]}, order {key.shape[0]}")
    out = np.full(n, np.nan, dtype=np.float32)
    if n < 2:
        return out

    codes, _ = pd.factorize(conv, sort=False)
    # Stable lexsort: by conversation, then order key, ties in input order.
    if key.dtype == object:
        key = pd.factorize(key, sort=True)[0]
    idx = np.lexsort((np.arange(n), key, codes))
    # factorize codes missing ids (None/NaN) as -1: such rows have no conversation and no previous message.
    same = (codes[idx[1:]] == codes[idx[:-1]]) & (codes[idx[1:]] >= 0)
    cur, prev = idx[1:][same], idx[:-1][same]

    norms = np.linalg.norm(emb, axis=1).astype(np.float32)
    for s in range(0, cur.shape[0], _CHUNK):
        c, p = cur[s : s + _CHUNK], prev[s : s + _CHUNK]
        dots = np.einsum("ij,ij->i", emb[c].astype(np.float32, copy=False), emb[p].astype(np.float32, copy=False))
        denom = norms[c] * norms[p]
        with np.errstate(divide="ignore", invalid="ignore"):
            out[c] = np.where(denom > 0, dots / denom, np.nan)
    return out


__all__ = ["similarity_to_previous"]
