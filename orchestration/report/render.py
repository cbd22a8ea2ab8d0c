"""The report as one self-contained HTML page: styles, plotly.js and a small filter script inlined.

Nothing on the page loads from the network: plotly.js comes from the installed ``plotly`` package and
is written once into the page; every figure is a ``Plotly.newPlot`` call on data embedded in the page.
Elements a test or a reader may check carry ``data-*`` attributes with the unrounded figures
(``data-metric`` + ``data-value`` on numbers, ``data-takeaway`` + one attribute per fact on sentences).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from orchestration.report.takeaways import Takeaway

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def attr_value(v) -> str:
    """A fact as an attribute value: floats unrounded (repr), booleans lower-case, None empty."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _attrs(attrs: dict) -> str:
    return " ".join(f'{esc(k)}="{esc(attr_value(v))}"' for k, v in attrs.items())


def data_attrs(facts: dict, prefix: str = "") -> str:
    return " ".join(
        f'data-{prefix}{esc(k.replace("_", "-"))}="{esc(attr_value(v))}"' for k, v in facts.items()
    )


@dataclass
class Section:
    """One section of the page: a heading, its takeaway, then charts, tables and notes in order."""

    id: str
    title: str
    takeaway: Takeaway
    blocks: list[str] = field(default_factory=list)
    intro: str = ""


def figure(
    fig: go.Figure,
    chart_id: str,
    *,
    timeseries: bool = False,
    assistant: str | None = None,
    wide: bool = True,
) -> str:
    """A figure in its ``.chart`` holder (plotly.js itself is not included here: once per page)."""
    inner = fig.to_html(full_html=False, include_plotlyjs=False, div_id=chart_id, config=PLOTLY_CONFIG)
    attrs = [f'class="chart{" chart-wide" if wide else ""}"', f'data-chart="{esc(chart_id)}"']
    if timeseries:
        attrs.append('data-timeseries="1"')
    if assistant is not None:
        attrs.append(f'data-filter-assistant="{esc(assistant)}"')
    return f"<div {' '.join(attrs)}>{inner}</div>"


def grid(blocks: Iterable[str]) -> str:
    return f'<div class="chart-grid">{"".join(blocks)}</div>'


@dataclass
class Cell:
    html: str
    attrs: dict = field(default_factory=dict)
    num: bool = False


def table(
    columns: Sequence[tuple[str, bool]],
    rows: Iterable[tuple[dict, Sequence[Cell]]],
    caption: str = "",
    table_id: str = "",
) -> str:
    """A readable table: ``columns`` = (label, numeric?); rows = (row attributes, cells)."""
    head = "".join(f'<th class="{"num" if num else ""}">{esc(label)}</th>' for label, num in columns)
    body = []
    for row_attrs, cells in rows:
        tds = "".join(f'<td class="{"num" if c.num else ""}" {_attrs(c.attrs)}>{c.html}</td>' for c in cells)
        body.append(f"<tr {_attrs(row_attrs)}>{tds}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    tid = f' id="{esc(table_id)}"' if table_id else ""
    if not body:
        body = [f'<tr><td colspan="{len(columns)}" class="empty">Nothing published yet.</td></tr>']
    return (
        f'<div class="table-wrap"><table{tid}>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def note(text_html: str) -> str:
    return f'<p class="note">{text_html}</p>'


def render_section(s: Section) -> str:
    t = s.takeaway
    detail = f'<p class="detail">{esc(t.detail)}</p>' if t.detail else ""
    intro = f'<p class="intro">{s.intro}</p>' if s.intro else ""
    return (
        f'<section id="{esc(s.id)}" class="card" data-section="{esc(s.id)}">'
        f"<h2>{esc(s.title)}</h2>{intro}"
        f'<p class="takeaway" data-takeaway="{esc(t.section)}" {data_attrs(t.facts, "fact-")}>'
        f"{esc(t.text)}</p>"
        f"{detail}{''.join(s.blocks)}</section>"
    )


@dataclass
class Kpi:
    metric: str
    label: str
    display: str
    value: float | int | None
    sub: str = ""


def render_page(
    *,
    title: str,
    subtitle: str,
    kpis: Sequence[Kpi],
    sections: Sequence[Section],
    assistants: Sequence[tuple[str, str]],
    departments: Sequence[str],
    first_day: str,
    last_day: str,
    view_note: str,
    footer: str,
) -> str:
    """The whole page. ``first_day``/``last_day`` are ISO dates (empty when there is no data)."""
    kpi_html = "".join(
        f'<div class="kpi" data-metric="{esc(k.metric)}" data-value="{esc(attr_value(k.value))}">'
        f'<div class="kpi-label">{esc(k.label)}</div><div class="kpi-value">{esc(k.display)}</div>'
        f'<div class="kpi-sub">{esc(k.sub)}</div></div>'
        for k in kpis
    )
    toc = "".join(f'<a href="#{esc(s.id)}">{esc(s.title)}</a>' for s in sections)
    a_opts = "".join(f'<option value="{esc(a)}">{esc(n)}</option>' for a, n in assistants)
    d_opts = "".join(f'<option value="{esc(d)}">{esc(d)}</option>' for d in departments)
    filters = (
        '<div class="filters" id="filters" role="region" aria-label="filters">'
        '<label>Assistant <select id="f-assistant"><option value="">All assistants</option>'
        f"{a_opts}</select></label>"
        f'<label>Department <select id="f-department"><option value="(all)">All departments</option>{d_opts}'
        "</select></label>"
        f'<label>From <input type="date" id="f-from" value="{esc(first_day)}" min="{esc(first_day)}" '
        f'max="{esc(last_day)}"></label>'
        f'<label>to <input type="date" id="f-to" value="{esc(last_day)}" min="{esc(first_day)}" '
        f'max="{esc(last_day)}"></label>'
        '<button type="button" id="f-reset">Reset</button>'
        '<span class="view" id="view-label" aria-live="polite"></span></div>'
    )
    return "".join(
        [
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title><style>{CSS}</style>",
            f'<script type="text/javascript">{get_plotlyjs()}</script></head><body>',
            f'<header class="top"><div class="wrap"><h1>{esc(title)}</h1>'
            f'<p class="subtitle">{esc(subtitle)}</p></div>'
            "</header>",
            f'<div class="filter-bar"><div class="wrap">{filters}</div></div>',
            '<main class="wrap">',
            f'<p class="view-note">{view_note}</p>',
            f'<div class="kpis">{kpi_html}</div>',
            f'<nav class="toc">{toc}</nav>',
            "".join(render_section(s) for s in sections),
            f"<footer>{footer}</footer></main>",
            f'<script type="text/javascript">{JS}</script></body></html>',
        ]
    )


CSS = """
:root { --ink:#1f2933; --muted:#6b7280; --line:#e5e7eb; --bg:#f5f6f8; --card:#fff; --accent:#4e79a7;
        --good:#2f855a; --bad:#c53030; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
       font: 14px/1.5 Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial,
             sans-serif; }
.wrap { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header.top { background: #1f3a5f; color: #fff; padding: 22px 0 18px; }
header.top h1 { margin: 0; font-size: 26px; font-weight: 650; letter-spacing: -0.01em; }
header.top .subtitle { margin: 4px 0 0; color: #cfd8e3; }
.filter-bar { position: sticky; top: 0; z-index: 10; background: #fff; border-bottom: 1px solid var(--line);
              box-shadow: 0 1px 3px rgba(0,0,0,.05); }
.filters { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; padding: 10px 0; }
.filters label { font-size: 13px; color: var(--muted); display: flex; gap: 6px; align-items: center; }
.filters select, .filters input, .filters button { font: inherit; font-size: 13px; padding: 4px 8px;
              border: 1px solid #cbd2d9; border-radius: 6px; background: #fff; color: var(--ink); }
.filters button { cursor: pointer; }
.filters .view { margin-left: auto; font-size: 13px; color: var(--ink); font-weight: 550; }
.view-note { color: var(--muted); font-size: 13px; margin: 14px 0 8px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px;
        margin: 8px 0 14px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.kpi-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.kpi-value { font-size: 24px; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; }
.kpi-sub { color: var(--muted); font-size: 12px; }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 14px; }
nav.toc a { font-size: 13px; color: var(--accent); text-decoration: none; background: #fff;
            border: 1px solid var(--line);
            border-radius: 999px; padding: 3px 12px; }
nav.toc a:hover { background: #eef3f8; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px;
               padding: 18px 22px 20px;
               margin: 0 0 18px; scroll-margin-top: 64px; }
section.card h2 { margin: 0 0 6px; font-size: 19px; font-weight: 650; }
.intro { color: var(--muted); margin: 0 0 8px; font-size: 13px; }
.takeaway { font-size: 16px; font-weight: 560; margin: 6px 0 4px; padding: 8px 12px;
            border-left: 4px solid var(--accent);
            background: #f3f7fb; border-radius: 0 6px 6px 0; }
.detail { color: var(--muted); margin: 2px 0 10px 16px; font-size: 13px; }
.note { color: var(--muted); font-size: 12.5px; margin: 8px 0 0; }
.chart { margin: 10px 0 4px; min-height: 120px; }
.chart-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 8px 18px; }
.chart-grid .chart { margin: 4px 0; }
h3 { font-size: 14px; margin: 16px 0 4px; font-weight: 620; }
.table-wrap { overflow-x: auto; margin: 10px 0 4px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
caption { text-align: left; color: var(--muted); font-size: 12.5px; padding: 0 0 6px; }
th { text-align: left; font-weight: 600; color: #374151; border-bottom: 2px solid var(--line);
     padding: 6px 10px;
     white-space: nowrap; background: #fafbfc; }
td { border-bottom: 1px solid var(--line); padding: 6px 10px; vertical-align: top; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
tr.total td { background: #f1f5f9; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.empty { color: var(--muted); text-align: center; }
.trend { display: block; font-size: 11.5px; }
.up-good, .down-good { color: var(--good); }
.up-bad, .down-bad { color: var(--bad); }
.flat, .neutral { color: var(--muted); }
.badge { display: inline-block; font-size: 10.5px; font-weight: 650; padding: 1px 6px; border-radius: 999px;
         background: #fde68a; color: #78350f; margin-left: 6px; vertical-align: 1px; }
.badge.bad { background: #fecaca; color: #7f1d1d; } .badge.good { background: #c6f6d5; color: #22543d; }
.small { color: var(--muted); font-size: 12px; }
[hidden] { display: none !important; }
footer { color: var(--muted); font-size: 12px; padding: 8px 0 36px; }
@media print { .filter-bar { position: static; } section.card { break-inside: avoid; } }
"""

JS = r"""
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var first = $('f-from').min, last = $('f-to').max;
  function plots() { return Array.prototype.slice.call(document.querySelectorAll('.chart .js-plotly-plot')); }
  function traceVisible(t, a, d) {
    var m = t.meta || {};
    if (a && m.assistant && m.assistant !== a) return false;
    if (m.dept_mode === 'select') return m.department === d;
    if (m.dept_mode === 'breakdown' && d !== '(all)') return m.department === d;
    return true;
  }
  function label() {
    var a = $('f-assistant'), d = $('f-department');
    var from = $('f-from').value || first, to = $('f-to').value || last;
    return 'Showing: ' + (a.value ? a.options[a.selectedIndex].text : 'all assistants') + ' \u00b7 ' +
      (d.value === '(all)' ? 'all departments' : d.value) + ' \u00b7 ' +
      (from && to ? from + ' to ' + to : 'no data');
  }
  function apply() {
    var a = $('f-assistant').value, d = $('f-department').value;
    var from = $('f-from').value, to = $('f-to').value;
    var whole = (!from || from === first) && (!to || to === last);
    plots().forEach(function (gd) {
      if (!gd.data) return;
      Plotly.restyle(gd, {visible: gd.data.map(function (t) { return traceVisible(t, a, d); })});
      var holder = gd.closest('.chart');
      if (holder && holder.getAttribute('data-timeseries')) {
        var upd = {};
        Object.keys(gd.layout).filter(function (k) { return /^xaxis\d*$/.test(k); }).forEach(function (k) {
          if (whole) { upd[k + '.autorange'] = true; }
          else { upd[k + '.range'] = [(from || first) + ' 00:00', (to || last) + ' 23:59']; }
        });
        Plotly.relayout(gd, upd);
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-filter-assistant]'), function (el) {
      el.hidden = !!a && el.getAttribute('data-filter-assistant') !== a;
    });
    $('view-label').textContent = label();
  }
  ['f-assistant', 'f-department', 'f-from', 'f-to'].forEach(function (id) {
    $(id).addEventListener('change', apply);
  });
  $('f-reset').addEventListener('click', function () {
    $('f-assistant').value = ''; $('f-department').value = '(all)';
    $('f-from').value = first; $('f-to').value = last;
    apply();
  });
  $('view-label').textContent = label();
})();
"""
