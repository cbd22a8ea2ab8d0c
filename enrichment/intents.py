"""Intent discovery: cluster user-message embeddings into stable, labelled, persistable intents.

This module owns the whole intent pipeline and nothing else (no warehouse, no Dagster, no model loading):

    fit      embeddings --reduce--> low-dim --cluster--> labels --refine--> unit centroids
             (PCA 32-d)            (HDBSCAN)           (spherical k-means steps seeded by HDBSCAN)
    assign   every message (the fit sample included) goes to the most similar centroid when the cosine
             similarity reaches ``min_similarity``; otherwise to the fixed ``"unclassified"`` intent.
    describe class-based TF-IDF keywords (BERTopic's c-TF-IDF) + the message closest to the centroid.

Steps are swappable (BERTopic style: ``reducer.fit_transform``, ``clusterer.fit_predict``,
``representer.keywords``); arrays in, arrays out. Only the centroids are needed to assign, so the
reducer is never persisted: a fitted model is an ``.npz`` of centroids plus JSON metadata
(:meth:`IntentModel.to_bytes`), loaded without pickle.

Stability: a model assigns new messages to its existing ids forever. A re-cluster is deliberate
(``fit_intents(..., previous=old)``): new clusters inherit old ids by overlap on the fit sample
(Hungarian matching on Jaccard >= ``min_jaccard``); unmatched clusters get fresh ids that are never reused.
Same input + same seed -> identical model bytes and assignments.

Defaults were chosen by measurement: see docs/intents.md and bench/intents.py.
"""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

UNCLASSIFIED = "unclassified"
ID_PREFIX = "intent-"
FORMAT_NAME = "parley-intents"
FORMAT_VERSION = 1

# Fit on at most this many messages and assign the rest. Measured on CLINC150 (bench/intents.py,
# "scale" section): NMI on all 22.5k messages is flat from a 5k sample up, and the fit cost grows
# super-linearly with the sample (HDBSCAN), so 20k keeps quality with room for many more intents.
DEFAULT_SAMPLE_SIZE = 10_000
# PCA dimensions before HDBSCAN. 32 vs 64: equal on CLINC150 (NMI 0.895 vs 0.896), 32 better on xSID
# (mean NMI 0.634 vs 0.601); 16 loses ~0.003 on CLINC150 (bench/intents.py, "sweep").
DEFAULT_N_COMPONENTS = 32
# HDBSCAN min_samples. 1 beat 2 and 3 on xSID and CLINC150+oos (bench sweep); larger values turn
# more of the sample into HDBSCAN noise, which the refinement step then has to win back.
DEFAULT_MIN_SAMPLES = 1
# min_cluster_size = max(floor, round(factor * sqrt(n))) for a fit on n messages: 5 at 300, 10 at 4.5k,
# 15 at 10k, 22 at 22.5k. Measured best per size (bench sweep and docs/intents.md): xSID (300) 5 >> 10
# (mean NMI 0.63 vs 0.55); CLINC150 test (4.5k) 9-10 > 5 (0.895 vs 0.887, 290 clusters for 150 intents)
# and > 20; CLINC150 pool, 10k sample: 10 ~ 15 (0.879 / 0.877) > 20 (0.862); 22.5k: 15 ~ 22 (0.883).
# A fixed fraction of n over-merged at 10k and more; a fixed size lost the small xSID intents.
DEFAULT_MIN_CLUSTER_FACTOR = 0.15
DEFAULT_MIN_CLUSTER_FLOOR = 5
# HDBSCAN cluster selection. "leaf" cut well-separated isotropic blobs into many leaves (tests) and
# over-split CLINC150 test (177 clusters, NMI 0.893 vs eom 154 / 0.8945); it did beat eom on the 10k pool
# sample at min_cluster_size 20 (0.893 vs 0.862) but not eom at 10-15 (0.879). eom is the safer default.
DEFAULT_SELECTION = "eom"
# Spherical k-means iterations seeded by the HDBSCAN clusters: +0.007 NMI / +0.04 ARI on CLINC150 at
# 3 iterations versus none (bench sweep); more iterations change little.
DEFAULT_REFINE_ITERATIONS = 3
# Cosine-similarity cut-off to the nearest centroid, below which a message is "unclassified". On
# CLINC150 test + oos: 0.3 leaves 22% of out-of-scope rows unclassified, 0.4 leaves ~55% at the cost of
# ~2% in-scope noise and -0.004 NMI; 0.5 costs -0.02 NMI (bench sweep).
DEFAULT_MIN_SIMILARITY = 0.4
# Re-cluster: a new cluster keeps an old id when Jaccard(old members, new members) on the fit sample is
# at least this. Above 0.5 a match is necessarily unique (more than half of both sets are shared), so
# the id cannot be claimed by two clusters whatever the matching order.
DEFAULT_MIN_JACCARD = 0.5
# Rows per assignment batch. 16,384 and 65,536 ran at the same speed on 200k vectors, but 65,536 peaked
# at ~4x the memory (bench/intents.py, "bulk assignment").
DEFAULT_BATCH_SIZE = 16_384
DEFAULT_N_KEYWORDS = 8


# ---------------------------------------------------------------------------------------------------
# Public records


@dataclass(frozen=True)
class IntentSummary:
    """One intent as shown to people and written to the warehouse."""

    intent_id: str
    label: str
    keywords: list[str]
    size: int
    representative_text: str


@dataclass(frozen=True)
class IdMapping:
    """How one intent id fared in a re-cluster (record it; it is the audit trail of the taxonomy).

    status: ``"kept"`` (old_id == new_id, matched by overlap), ``"new"`` (no old cluster matched; old_id is
    None) or ``"retired"`` (old id not matched; new_id is the new intent that received most of its
    messages, or None). ``jaccard`` and ``overlap`` (messages in both) are measured on the fit sample.
    """

    old_id: str | None
    new_id: str | None
    jaccard: float
    overlap: int
    status: str


@dataclass
class IntentModel:
    """A fitted intent taxonomy: unit centroids in the embedding space plus per-intent descriptions."""

    intent_ids: list[str]
    centroids: np.ndarray  # (K, D) float32, unit rows
    min_similarity: float
    next_id: int
    labels: list[str] = field(default_factory=list)
    keywords: list[list[str]] = field(default_factory=list)
    representative_texts: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)  # members in the fit sample
    params: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)  # free-form (e.g. embedding model name)

    @property
    def n_intents(self) -> int:
        return len(self.intent_ids)

    @property
    def dim(self) -> int:
        return int(self.centroids.shape[1])

    def summaries(self) -> list[IntentSummary]:
        """The intents as found at fit time (sizes are fit-sample counts), unclassified excluded."""
        return [
            IntentSummary(i, lab, list(kw), int(n), rep)
            for i, lab, kw, n, rep in zip(
                self.intent_ids, self.labels, self.keywords, self.sizes, self.representative_texts,
                strict=True,
            )
        ]

    def to_bytes(self) -> bytes:
        """Serialise to an .npz (no pickle): ``centroids`` float32 and ``meta`` UTF-8 JSON bytes."""
        meta = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "intent_ids": self.intent_ids,
            "min_similarity": self.min_similarity,
            "next_id": self.next_id,
            "labels": self.labels,
            "keywords": self.keywords,
            "representative_texts": self.representative_texts,
            "sizes": self.sizes,
            "params": self.params,
            "metadata": self.metadata,
        }
        buf = io.BytesIO()
        meta_bytes = np.frombuffer(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode(), np.uint8)
        np.savez(buf, centroids=np.ascontiguousarray(self.centroids, np.float32), meta=meta_bytes)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> IntentModel:
        """Load a model written by :meth:`to_bytes`; refuses other formats and newer versions."""
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            centroids = np.array(z["centroids"], dtype=np.float32)
            meta = json.loads(bytes(z["meta"]).decode())
        if meta.get("format") != FORMAT_NAME:
            raise ValueError(f"not a {FORMAT_NAME} model")
        if int(meta.get("version", -1)) > FORMAT_VERSION:
            raise ValueError(f"model format version {meta['version']} is newer than {FORMAT_VERSION}")
        if centroids.ndim != 2 or centroids.shape[0] != len(meta["intent_ids"]):
            raise ValueError("centroids do not match intent ids")
        return cls(
            intent_ids=list(meta["intent_ids"]),
            centroids=centroids,
            min_similarity=float(meta["min_similarity"]),
            next_id=int(meta["next_id"]),
            labels=list(meta["labels"]),
            keywords=[list(k) for k in meta["keywords"]],
            representative_texts=list(meta["representative_texts"]),
            sizes=[int(s) for s in meta["sizes"]],
            params=dict(meta["params"]),
            metadata=dict(meta["metadata"]),
        )


# ---------------------------------------------------------------------------------------------------
# Swappable steps (BERTopic-style). Any object with the same method works.


class Reducer(Protocol):
    def fit_transform(self, x: np.ndarray, seed: int) -> np.ndarray: ...


class Clusterer(Protocol):
    def fit_predict(self, y: np.ndarray, seed: int) -> np.ndarray: ...


class Representer(Protocol):
    def keywords(self, texts: Sequence[str], labels: Sequence[str], n: int) -> dict[str, list[str]]: ...


class PCAReducer:
    """Exact PCA via the eigen-decomposition of the covariance (deterministic, no randomised SVD)."""

    def __init__(self, n_components: int = DEFAULT_N_COMPONENTS, whiten: bool = False):
        self.n_components = n_components
        self.whiten = whiten

    def fit_transform(self, x: np.ndarray, seed: int = 0) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        d = max(1, min(self.n_components, x.shape[1], x.shape[0] - 1))
        mean = x.mean(axis=0)
        xc = x - mean
        w, v = np.linalg.eigh(xc.T @ xc / max(1, len(x) - 1))
        order = np.argsort(w)[::-1][:d]
        w, v = w[order], v[:, order]
        # Eigenvectors have an arbitrary sign; fix it so the projection is reproducible across LAPACKs.
        signs = np.sign(v[np.argmax(np.abs(v), axis=0), np.arange(d)])
        v = v * np.where(signs == 0, 1.0, signs)
        y = xc @ v
        if self.whiten:
            y = y / np.sqrt(np.maximum(w, 1e-12))
        return np.ascontiguousarray(y, dtype=np.float64)


class UMAPReducer:
    """UMAP (umap-learn, optional dependency) for comparison; slower and not needed for assignment."""

    def __init__(self, n_components: int = 5, n_neighbors: int = 15, metric: str = "cosine"):
        self.n_components, self.n_neighbors, self.metric = n_components, n_neighbors, metric

    def fit_transform(self, x: np.ndarray, seed: int = 0) -> np.ndarray:
        import umap  # optional: only when this reducer is chosen

        model = umap.UMAP(
            n_components=self.n_components, n_neighbors=self.n_neighbors, metric=self.metric,
            min_dist=0.0, random_state=seed,
        )
        return np.asarray(model.fit_transform(x), dtype=np.float64)


def auto_min_cluster_size(n: int) -> int:
    """min_cluster_size for a fit on ``n`` messages (see DEFAULT_MIN_CLUSTER_FACTOR)."""
    return max(DEFAULT_MIN_CLUSTER_FLOOR, int(round(DEFAULT_MIN_CLUSTER_FACTOR * math.sqrt(n))))


class HDBSCANClusterer:
    """HDBSCAN (hdbscan package); ``min_cluster_size=None`` picks :func:`auto_min_cluster_size`."""

    def __init__(
        self,
        min_cluster_size: int | None = None,
        min_samples: int | None = DEFAULT_MIN_SAMPLES,
        cluster_selection_method: str = DEFAULT_SELECTION,
    ):
        self.min_cluster_size = min_cluster_size
        self.min_samples = min_samples
        self.cluster_selection_method = cluster_selection_method

    def fit_predict(self, y: np.ndarray, seed: int = 0) -> np.ndarray:
        import hdbscan

        mcs = self.min_cluster_size or auto_min_cluster_size(len(y))
        if len(y) < max(mcs, 2):
            return np.full(len(y), -1, dtype=np.int64)
        model = hdbscan.HDBSCAN(
            min_cluster_size=mcs,
            min_samples=self.min_samples,
            cluster_selection_method=self.cluster_selection_method,
            core_dist_n_jobs=1,  # the machine is shared; parallel core distances gained nothing at 20k
        )
        return np.asarray(model.fit_predict(y), dtype=np.int64)


# ---------------------------------------------------------------------------------------------------
# c-TF-IDF keywords (multilingual tokenisation, small multi-language stopword set)

# Scripts written without spaces: index them as character bigrams (a run of one character stays whole).
_NO_SPACE = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{_NO_SPACE}]+|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_NO_SPACE_RE = re.compile(rf"[{_NO_SPACE}]")

# The most frequent function words of the languages Parley meets most (en, de, fr, es, it, pt, nl, da, no,
# sv, tr, id). Short on purpose: c-TF-IDF already discounts words common to all intents; this list only
# stops them from winning inside one small cluster. A word is dropped whatever language it came from,
# which is harmless for this set (none is a content word in another of these languages).
_STOPWORDS = frozenset(
    """
    a an the and or but if of to in on at by for with from as is are was were be been being am do does did
    have has had i me my we our you your he she it its they them their this that these those what which who
    whom how when where why can could would should will shall may might must not no yes so than then there
    here just also very too all any some please hi hello hey thanks thank ok okay im i'm it's don't dont
    about him her his us into out up there's what's
    der die das den dem des ein eine einen einem einer und oder aber ich du er sie es wir ihr mich mir dich
    dir ist sind war bin bist hat habe haben zu im in am um auf mit von für fur nicht kein keine wie was wo
    wann bitte ja nein auch noch nur schon mal mein meine meinen meinem dein deine wird werden kann gibt
    le la les un une des et ou mais je tu il elle nous vous ils elles est sont suis de du au aux en dans pour
    par sur avec ne pas que qui quoi comment quand où ce cette ces mon ma mes s'il merci oui non
    el los las unos unas y o pero yo tú él ella nosotros es son soy está estoy del al por para con sin que
    qué como cómo cuando dónde mi mis su sus lo gracias sí
    il lo gli uno e ma io tu lui lei noi voi è sono di da per con su che cosa come quando dove mio mia
    grazie non
    os um uma eu ele ela nós é são sou em no na nos nas com não como onde meu minha obrigado sim
    het een en maar ik jij je hij zij wij het is zijn ben van voor met op aan niet wat hoe waar mijn
    dank
    og eller men jeg du han hun vi dere er var har til på med av for ikke hva hvordan hvor min mitt takk
    det den en et att och är jag inte vad hur
    ve veya ama ben sen o biz siz bir bu şu da de mi mı mu mü ne nasıl nerede için ile
    dan atau tapi saya aku kamu dia kami kita ini itu yang di ke dari untuk dengan tidak apa bagaimana
    """.split()
)


# Chinese function characters, and hiragana (Japanese grammar: particles, endings), which carry no topic.
_CJK_STOP = frozenset("的了吗呢吧么是在我你他她它们这那个一有和也就都")
_HIRAGANA_RE = re.compile("^[\u3040-\u309f]+$")


def _no_space_tokens(run: str) -> list[str]:
    grams = [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
    return [g for g in grams if not _HIRAGANA_RE.match(g) and not set(g) <= _CJK_STOP]


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; CJK/Thai runs become character bigrams; stopwords and 1-letter words go."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for tok in _TOKEN_RE.findall(text):
        if _NO_SPACE_RE.match(tok):
            out.extend(_no_space_tokens(tok))
        elif len(tok) > 1 and tok not in _STOPWORDS:
            out.append(tok)
    return out


class CTfidfRepresenter:
    """BERTopic's c-TF-IDF: L1-normalised term counts per class times log(1 + A / f_t).

    A is the average number of tokens per class and f_t the frequency of term t over all classes, so a
    word frequent everywhere scores low even when no stopword list knows it (multilingual corpora).
    """

    def keywords(self, texts: Sequence[str], labels: Sequence[str], n: int = DEFAULT_N_KEYWORDS) -> dict:
        classes = sorted(set(labels))
        counts: dict[str, Counter] = {c: Counter() for c in classes}
        for text, lab in zip(texts, labels, strict=True):
            counts[lab].update(tokenize(text))
        total: Counter = Counter()
        for c in classes:
            total.update(counts[c])
        if not total:
            return {c: [] for c in classes}
        avg = sum(total.values()) / len(classes)
        out: dict[str, list[str]] = {}
        for c in classes:
            size = sum(counts[c].values())
            scored = [
                (cnt / size * math.log(1.0 + avg / total[t]), t) for t, cnt in counts[c].items()
            ] if size else []
            # Ties broken by the term itself so keywords are deterministic.
            scored.sort(key=lambda st: (-st[0], st[1]))
            out[c] = [t for _, t in scored[:n]]
        return out


# ---------------------------------------------------------------------------------------------------
# Core array functions


def _as_unit(x: np.ndarray) -> np.ndarray:
    """A float32 copy with unit rows (zero rows stay zero). One copy only: this runs per batch."""
    x = np.array(x, dtype=np.float32, copy=True)
    if x.ndim != 2:
        raise ValueError(f"embeddings must be 2-D, got shape {x.shape}")
    norms = np.sqrt(np.einsum("ij,ij->i", x, x))
    if not np.isfinite(norms).all():  # a NaN or infinity anywhere in a row makes its norm non-finite
        raise ValueError("embeddings contain NaN or infinity")
    x /= np.where(norms == 0, 1.0, norms)[:, None]
    return x


def _unit_rows(c: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(c, axis=1, keepdims=True)
    return (c / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def nearest_centroid(
    x: np.ndarray, centroids: np.ndarray, min_similarity: float, batch_size: int = DEFAULT_BATCH_SIZE
) -> tuple[np.ndarray, np.ndarray]:
    """Index of the most similar centroid (-1 below ``min_similarity``) and that cosine similarity.

    ``x`` may be any array-like supporting slicing (e.g. ``np.memmap``); it is read ``batch_size`` rows at
    a time, so extra memory is O(batch_size * (D + K)) whatever its length.

    The product runs in float64: a float32 BLAS product rounds a row differently depending on the rows
    batched with it (seen as one unit of the 6th decimal on ~2% of 500k messages), so the same message
    assigned in another batch, or on another warehouse that reads rows in another order, would get a
    different stored similarity. In float64 those differences are ~1e-16, far below what is stored.
    """
    n = len(x)
    idx = np.full(n, -1, dtype=np.int64)
    sim = np.zeros(n, dtype=np.float32)
    if len(centroids) == 0 or n == 0:
        return idx, sim
    c_t = np.ascontiguousarray(centroids.T, dtype=np.float64)
    for start in range(0, n, max(1, batch_size)):
        xb = _as_unit(x[start : start + batch_size]).astype(np.float64)
        s = xb @ c_t
        best = s.argmax(axis=1)
        best_sim = s[np.arange(len(best)), best]
        best[best_sim < min_similarity] = -1
        idx[start : start + len(best)] = best
        sim[start : start + len(best)] = best_sim
    return idx, sim


def centroids_of(x: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit mean vector of each non-negative label; returns (labels present, centroids)."""
    present = np.unique(labels[labels >= 0])
    if len(present) == 0:
        return present, np.zeros((0, x.shape[1]), dtype=np.float32)
    # Sort members by label and sum each run (np.add.reduceat): ~10x faster than np.add.at here.
    members = np.flatnonzero(labels >= 0)
    members = members[np.argsort(labels[members], kind="stable")]
    starts = np.searchsorted(labels[members], present)
    sums = np.add.reduceat(np.asarray(x[members], dtype=np.float64), starts, axis=0)
    return present, _unit_rows(sums)


def refine_centroids(x: np.ndarray, centroids: np.ndarray, min_similarity: float, iterations: int) -> np.ndarray:
    """Spherical k-means steps from the given centroids; points below ``min_similarity`` do not vote.

    HDBSCAN finds pure cluster cores but leaves a quarter of the points as noise; a few Lloyd steps
    move each centroid to the centre of everything it will actually be assigned. Clusters that end up
    with no member are dropped.
    """
    c = centroids
    for _ in range(iterations):
        if len(c) == 0:
            break
        a, _ = nearest_centroid(x, c, min_similarity)
        _, c = centroids_of(x, a)
    return c


def _format_id(n: int) -> str:
    return f"{ID_PREFIX}{n:04d}"


def _match_ids(
    old_labels: np.ndarray, new_labels: np.ndarray, old_ids: list[str], k_new: int, min_jaccard: float
) -> tuple[dict[int, int], np.ndarray, np.ndarray]:
    """Hungarian matching of new clusters to old intents by Jaccard on the same messages.

    old_labels / new_labels: per-message indices (-1 = unclassified). Returns ({new index: old index},
    jaccard matrix, overlap matrix).
    """
    from scipy.optimize import linear_sum_assignment

    k_old = len(old_ids)
    inter = np.zeros((k_old, k_new), dtype=np.int64)
    both = (old_labels >= 0) & (new_labels >= 0)
    np.add.at(inter, (old_labels[both], new_labels[both]), 1)
    old_sizes = np.bincount(old_labels[old_labels >= 0], minlength=k_old)
    new_sizes = np.bincount(new_labels[new_labels >= 0], minlength=k_new)
    union = old_sizes[:, None] + new_sizes[None, :] - inter
    jac = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    matches: dict[int, int] = {}
    if k_old and k_new:
        rows, cols = linear_sum_assignment(-jac)
        for r, c in zip(rows, cols, strict=True):
            if jac[r, c] >= min_jaccard:
                matches[int(c)] = int(r)
    return matches, jac, inter


def fit_intents(
    embeddings: np.ndarray,
    texts: Sequence[str],
    *,
    seed: int = 0,
    sample_size: int = DEFAULT_SAMPLE_SIZE,
    previous: IntentModel | None = None,
    n_components: int = DEFAULT_N_COMPONENTS,
    min_cluster_size: int | None = None,
    min_samples: int | None = DEFAULT_MIN_SAMPLES,
    cluster_selection_method: str = DEFAULT_SELECTION,
    refine_iterations: int = DEFAULT_REFINE_ITERATIONS,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    min_jaccard: float = DEFAULT_MIN_JACCARD,
    n_keywords: int = DEFAULT_N_KEYWORDS,
    reducer: Reducer | None = None,
    clusterer: Clusterer | None = None,
    representer: Representer | None = None,
    metadata: dict[str, Any] | None = None,
) -> tuple[IntentModel, list[IdMapping]]:
    """Discover intents in (a seeded sample of) ``embeddings`` and return the model and the id mapping.

    ``texts[i]`` is the message of ``embeddings[i]`` (used for keywords and representatives). At most
    ``sample_size`` rows are clustered (chosen with ``seed``); assign the others with
    :func:`assign_intents`. With ``previous``, this is a deliberate re-cluster: new clusters inherit old
    ids by overlap and the returned mapping says which ids were kept, created or retired. Without it the
    mapping lists every intent as new. Deterministic for the same input, parameters and seed.
    """
    if len(texts) != len(embeddings):
        raise ValueError(f"{len(texts)} texts for {len(embeddings)} embeddings")
    n = len(embeddings)
    if previous is not None and n and np.asarray(embeddings).shape[1] != previous.dim:
        raise ValueError(f"embedding dimension {np.asarray(embeddings).shape[1]} != model's {previous.dim}")
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(n, size=sample_size, replace=False)) if n > sample_size else np.arange(n)
    x = _as_unit(np.asarray(embeddings)[sample])
    sample_texts = [texts[int(i)] for i in sample]

    reducer = reducer or PCAReducer(n_components)
    clusterer = clusterer or HDBSCANClusterer(min_cluster_size, min_samples, cluster_selection_method)
    representer = representer or CTfidfRepresenter()

    if len(x) >= 3:
        raw = np.asarray(clusterer.fit_predict(reducer.fit_transform(x, seed), seed), dtype=np.int64)
    else:
        raw = np.full(len(x), -1, dtype=np.int64)
    _, cents = centroids_of(x, raw)
    cents = refine_centroids(x, cents, min_similarity, refine_iterations)
    labels, sims = nearest_centroid(x, cents, min_similarity)

    # Canonical order: biggest intent first, ties by first member, so ids do not depend on label numbering.
    present = [k for k in range(len(cents)) if (labels == k).any()]
    first = {k: int(np.argmax(labels == k)) for k in present}
    sizes = {k: int((labels == k).sum()) for k in present}
    order = sorted(present, key=lambda k: (-sizes[k], first[k]))
    relabel = np.full(len(cents) + 1, -1, dtype=np.int64)
    relabel[np.array(order, dtype=np.int64)] = np.arange(len(order))
    labels = np.where(labels >= 0, relabel[labels], -1)
    cents = cents[np.array(order, dtype=np.int64)] if order else cents[:0]
    k_new = len(order)

    mappings: list[IdMapping] = []
    if previous is None:
        next_id = 1
        ids = [_format_id(next_id + j) for j in range(k_new)]
        next_id += k_new
        mappings = [IdMapping(None, i, 0.0, 0, "new") for i in ids]
    else:
        old_labels, _ = nearest_centroid(x, previous.centroids, previous.min_similarity)
        matches, jac, inter = _match_ids(old_labels, labels, previous.intent_ids, k_new, min_jaccard)
        next_id = previous.next_id
        ids = []
        for j in range(k_new):
            if j in matches:
                old = previous.intent_ids[matches[j]]
                ids.append(old)
                mappings.append(IdMapping(old, old, float(jac[matches[j], j]), int(inter[matches[j], j]), "kept"))
            else:
                ids.append(_format_id(next_id))
                mappings.append(IdMapping(None, ids[-1], 0.0, 0, "new"))
                next_id += 1
        matched_old = set(matches.values())
        for r, old in enumerate(previous.intent_ids):
            if r in matched_old:
                continue
            if k_new and inter[r].max() > 0:
                j = int(np.argmax(inter[r]))
                mappings.append(IdMapping(old, ids[j], float(jac[r, j]), int(inter[r, j]), "retired"))
            else:
                mappings.append(IdMapping(old, None, 0.0, 0, "retired"))

    str_labels = [ids[k] if k >= 0 else UNCLASSIFIED for k in labels]
    kw = representer.keywords(sample_texts, str_labels, n_keywords)
    reps = []
    for k in range(k_new):
        members = np.flatnonzero(labels == k)
        reps.append(sample_texts[int(members[np.argmax(sims[members])])])
    model = IntentModel(
        intent_ids=ids,
        centroids=cents.astype(np.float32),
        min_similarity=float(min_similarity),
        next_id=next_id,
        labels=[_label(kw.get(i, []), rep) for i, rep in zip(ids, reps, strict=True)],
        keywords=[list(kw.get(i, [])) for i in ids],
        representative_texts=reps,
        sizes=[int((labels == k).sum()) for k in range(k_new)],
        params={
            "seed": seed,
            "sample_size": sample_size,
            "n_fit": int(len(x)),
            "n_components": n_components,
            "min_cluster_size": min_cluster_size or auto_min_cluster_size(len(x)),
            "min_samples": min_samples,
            "cluster_selection_method": cluster_selection_method,
            "refine_iterations": refine_iterations,
            "min_jaccard": min_jaccard,
            "reducer": type(reducer).__name__,
            "clusterer": type(clusterer).__name__,
        },
        metadata=dict(metadata or {}),
    )
    mappings.sort(key=lambda m: (m.status, m.old_id or "", m.new_id or ""))
    return model, mappings


def _label(keywords: list[str], representative: str) -> str:
    return ", ".join(keywords[:3]) if keywords else representative[:60]


def assign_intents(
    model: IntentModel, embeddings: np.ndarray, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> tuple[np.ndarray, np.ndarray]:
    """Intent id (str array; ``"unclassified"`` below the cut-off) and cosine similarity to the nearest centroid.

    Works ``batch_size`` rows at a time, so ``embeddings`` can be an ``np.memmap`` of any length. The
    similarity is returned for unclassified rows too (how close they came).
    """
    x = embeddings
    if len(x) and np.shape(x)[1] != model.dim:
        raise ValueError(f"embedding dimension {np.shape(x)[1]} != model's {model.dim}")
    idx, sim = nearest_centroid(x, model.centroids, model.min_similarity, batch_size)
    names = np.array([*model.intent_ids, UNCLASSIFIED])
    return names[idx], sim  # idx -1 picks the last entry: unclassified


def describe_intents(
    model: IntentModel,
    texts: Sequence[str],
    intent_ids: Sequence[str],
    similarities: Sequence[float] | None = None,
    *,
    n_keywords: int = DEFAULT_N_KEYWORDS,
    representer: Representer | None = None,
) -> list[IntentSummary]:
    """Label, keywords, size and representative message of every intent over the given messages.

    Keywords are c-TF-IDF over ``texts`` grouped by ``intent_ids``; the representative is the message
    with the highest similarity (from :func:`assign_intents`) when given, else the one stored at fit time.
    Every model intent is listed (size 0 keeps its fit-time description), unclassified last.
    """
    if len(texts) != len(intent_ids):
        raise ValueError(f"{len(texts)} texts for {len(intent_ids)} intent ids")
    ids = [str(i) for i in intent_ids]
    kw = (representer or CTfidfRepresenter()).keywords(list(texts), ids, n_keywords) if ids else {}
    sizes = Counter(ids)
    best: dict[str, tuple[float, int]] = {}
    if similarities is not None:
        for pos, (i, s) in enumerate(zip(ids, similarities, strict=True)):
            if i not in best or float(s) > best[i][0]:
                best[i] = (float(s), pos)
    known = dict(zip(model.intent_ids, range(model.n_intents), strict=True))
    out = []
    order = list(model.intent_ids) + sorted(set(ids) - set(known) - {UNCLASSIFIED}) + [UNCLASSIFIED]
    for i in order:
        j = known.get(i)
        words = kw.get(i) or (model.keywords[j] if j is not None else [])
        if i in best:
            rep = texts[best[i][1]]
        elif j is not None:
            rep = model.representative_texts[j]
        else:
            rep = next((t for t, k in zip(texts, ids, strict=True) if k == i), "")
        label = UNCLASSIFIED if i == UNCLASSIFIED else _label(words, rep)
        out.append(IntentSummary(i, label, list(words), int(sizes.get(i, 0)), rep))
    return out
