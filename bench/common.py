"""Shared benchmark plumbing: machine facts, peak memory of a process tree, timed subprocesses, results JSON.

Benchmarks compare a Parley stage with a baseline measured in the same run on the same input, and quote
the ratio: absolute times on a shared 2-core machine are noisy, ratios much less so.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
# The test suite points this elsewhere (PARLEY_BENCH_RESULTS) so smoke runs never overwrite real results.
RESULTS = Path(os.environ.get("PARLEY_BENCH_RESULTS", ROOT / "bench" / "results"))


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


@dataclass
class Measured:
    seconds: float
    peak_rss_mib: float
    stdout: str


def run_measured(cmd: list[str], env: dict | None = None, cwd: Path = ROOT, stderr: Path | None = None) -> Measured:
    """Run a command; wall time and the peak of the summed RSS of it and all its children (sampled 20x/s).

    ``stderr``: a file to append the command's standard error to (default: inherited); on failure its
    last lines are part of the error.
    """
    started = time.perf_counter()
    err = open(stderr, "a") if stderr else None  # noqa: SIM115 - closed below, after the process ends
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, text=True,
                                stderr=err)
    except BaseException:
        if err:
            err.close()
        raise
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, _ = proc.communicate()
    finally:
        stop.set()
        sampler.join()
        if err:
            err.close()
    if proc.returncode:
        tail = "\n".join(Path(stderr).read_text(errors="replace").splitlines()[-30:]) if stderr else ""
        out = "\n".join((stdout or "").splitlines()[-30:])
        raise RuntimeError(f"{' '.join(cmd)[:300]} failed with exit code {proc.returncode}\n{out}\n{tail}")
    return Measured(time.perf_counter() - started, peak / 2**20, stdout)


def parse_scale(text: str) -> int:
    """'100k' -> 100000, '1m' -> 1000000, '2.5k' -> 2500, '5000' -> 5000."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def write_results(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"benchmark": name, "date": datetime.now(UTC).isoformat(timespec="seconds"),
               "machine": machine(), **payload}
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path


def print_table(title: str, header: list[str], rows: list[list]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)))


PYTHON = sys.executable
