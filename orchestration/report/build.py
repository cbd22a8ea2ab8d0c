"""Building and writing the report: warehouse -> marts -> page -> one HTML file plus a dated copy.

Used by the Dagster asset ``analytics_report`` and by ``parley report``. The file is written to a
temporary name and renamed, so a reader (a browser, a web server) never sees half a page.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from orchestration.report.data import load_marts
from orchestration.report.page import build_page
from orchestration.report.takeaways import Takeaway
from orchestration.warehouse import Warehouse

DEFAULT_REPORT_PATH = "reports/parley-report.html"


def report_path_from_env() -> Path:
    """``PARLEY_REPORT_PATH``, else reports/parley-report.html."""
    return Path(os.environ.get("PARLEY_REPORT_PATH") or DEFAULT_REPORT_PATH)


@dataclass
class Report:
    """The page and what it says, before it is written anywhere."""

    html: str
    takeaways: list[Takeaway]
    headline: dict
    first_day: pd.Timestamp | None
    last_day: pd.Timestamp | None


@dataclass
class ReportResult:
    """Where the report was written, how big it is and what it says."""

    path: Path
    dated_path: Path | None
    bytes: int
    seconds: float
    takeaways: list[Takeaway] = field(default_factory=list)
    headline: dict = field(default_factory=dict)
    last_day: str | None = None


def build_report(marts: dict[str, pd.DataFrame], *, source: str = "") -> Report:
    """The report of these marts (the frames ``load_marts`` returns); no I/O."""
    page = build_page(marts, source=source)
    return Report(page.html, page.takeaways, page.headline, page.first_day, page.last_day)


def dated_path(path: Path, last_day: pd.Timestamp | None) -> Path | None:
    """reports/parley-report.html -> reports/parley-report-2026-10-31.html (the data's last day)."""
    if last_day is None:
        return None
    return path.with_name(f"{path.stem}-{pd.Timestamp(last_day).date().isoformat()}{path.suffix}")


def _atomic_write(path: Path, text: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return len(data)


def write_report(
    report: Report, path: Path, *, dated_copy: bool = True, seconds: float = 0.0
) -> ReportResult:
    """Write the page to ``path`` and, when the data has a last day, a dated copy beside it."""
    size = _atomic_write(path, report.html)
    dated = dated_path(path, report.last_day) if dated_copy else None
    if dated is not None:
        _atomic_write(dated, report.html)
    return ReportResult(
        path=path,
        dated_path=dated,
        bytes=size,
        seconds=seconds,
        takeaways=report.takeaways,
        headline=report.headline,
        last_day=None if report.last_day is None else pd.Timestamp(report.last_day).date().isoformat(),
    )


def make_report(wh: Warehouse, path: Path, *, source: str = "", dated_copy: bool = True) -> ReportResult:
    """Load the marts from ``wh``, build the page and write it: the whole job of the asset and the CLI."""
    started = time.perf_counter()
    report = build_report(load_marts(wh), source=source)
    return write_report(report, path, dated_copy=dated_copy, seconds=time.perf_counter() - started)
