"""The Parley report: one self-contained HTML page of what the marts say, with a takeaway per section.

The pipeline is data -> takeaways -> charts -> HTML, one module each:

- ``data``: loads the BI-facing marts (schema ``analytics``, the suppressed ``mart_*`` tables and
  ``dim_assistants``; never raw, enriched or row-level tables), so the privacy rules hold by construction;
- ``takeaways``: pure functions from DataFrames to tables and one-line plain-words sentences;
- ``charts``: Plotly figures from those tables;
- ``render``: the HTML page (plotly.js inlined once, no network, an in-page assistant/department filter);
- ``build``: ties them together for the Dagster asset ``analytics_report`` and ``parley report``.
"""

from orchestration.report.build import (
    DEFAULT_REPORT_PATH,
    Report,
    ReportResult,
    build_report,
    make_report,
    report_path_from_env,
    write_report,
)
from orchestration.report.data import REPORT_TABLES, ReportError, load_marts

__all__ = [
    "DEFAULT_REPORT_PATH",
    "REPORT_TABLES",
    "Report",
    "ReportError",
    "ReportResult",
    "build_report",
    "load_marts",
    "make_report",
    "report_path_from_env",
    "write_report",
]
