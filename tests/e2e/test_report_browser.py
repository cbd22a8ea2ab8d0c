"""The report as a person sees it: built by the pipeline from demo data, opened in a real headless Chromium.

One module fixture generates the default demo data (3,000 conversations, seed 7: the planted effects of
docs/demo-data.md need that many sessions to survive the small-group rule), runs the whole pipeline in
process (which writes the report through the Dagster asset) and opens the page once from disk with
every non-file request refused. The tests then check what a reader relies on: nothing missing, nothing
fetched, every chart drawn, the numbers equal to the marts, the planted effects in the takeaways, the
filters working. A full-page screenshot goes to test-output/ for review.

Needs Debian's chromium at /usr/bin/chromium (the Makefile installs it); Playwright drives it, its own
browsers are never downloaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from enrichment.demo_data import generate
from tests.support.env import environment

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = ROOT / "test-output" / "parley-report.png"
SECTIONS = [
    "portfolio",
    "adoption",
    "retention",
    "outcomes",
    "intents",
    "dropoff",
    "ab_tests",
    "roi",
    "governance",
]


def _chromium() -> Path:
    """/usr/bin/chromium, installed with apt-get when missing and possible; else skip with the reason."""
    if CHROMIUM.exists():
        return CHROMIUM
    reason = "apt-get is not available or this is not root"
    if shutil.which("apt-get") and os.geteuid() == 0:
        proc = subprocess.run(
            "apt-get update -qq && apt-get install -y -qq chromium",
            shell=True,
            capture_output=True,
            text=True,
            timeout=900,
        )
        reason = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["unknown error"]
        reason = f"apt-get install chromium failed: {reason[0]}"
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing and could not be installed ({reason}); run `make test`, which "
            "installs Debian's chromium"
        )
    return CHROMIUM


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Demo data -> the whole pipeline (report asset included) in a temporary warehouse."""
    from orchestration.runner import run_pipeline

    root = tmp_path_factory.mktemp("report")
    report = root / "reports" / "parley-report.html"
    env = {
        "PARLEY_WAREHOUSE": str(root / "parley.duckdb"),
        "PARLEY_LANDING_DIR": str(root / "landing"),
        "PARLEY_VALIDATION_DIR": str(root / "validation"),
        "PARLEY_REPORT_PATH": str(report),
    }
    with environment(**env, DAGSTER_HOME=None):
        generate(root / "landing", conversations=3000, seed=7)
        result = run_pipeline(log=lambda _: None)
        yield {"warehouse": root / "parley.duckdb", "report": report, "run": result}


@pytest.fixture(scope="module")
def marts(built):
    """A read-only connection to the warehouse the report was built from."""
    con = duckdb.connect(str(built["warehouse"]), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def browser(built):
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, path: Path):
    """A page with ``path`` loaded from disk; every request that is not file:// is refused and recorded."""
    page = browser.new_page(viewport={"width": 1360, "height": 900})
    seen = {"errors": [], "requests": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def route(r):
        seen["requests"].append(r.request.url)
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.goto(path.resolve().as_uri(), wait_until="load")
    # Every figure is drawn by Plotly.newPlot during load; wait until each holder has its SVG.
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.chart')).every(c => c.querySelector('svg.main-svg'))",
        timeout=30_000,
    )
    return page, seen


@pytest.fixture(scope="module")
def opened(browser, built):
    page, seen = _open(browser, built["report"])
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    yield page, seen
    page.close()


def _fact(page, section: str, name: str) -> str:
    return page.get_attribute(f'[data-takeaway="{section}"]', f"data-fact-{name}")


def _kpi(page, metric: str) -> float:
    return float(page.get_attribute(f'.kpi[data-metric="{metric}"]', "data-value"))


# --- the page as a file ---------------------------------------------------------------------------------


def test_the_pipeline_writes_the_report_and_a_copy_dated_with_the_last_day_of_data(built):
    report = built["report"]
    dated = report.with_name("parley-report-2026-10-31.html")
    assert report.exists() and dated.exists()
    assert dated.read_bytes() == report.read_bytes()
    meta = built["run"].asset_metadata["analytics_report"]
    assert meta["path"] == str(report.resolve()) and meta["data_through"] == "2026-10-31"
    assert "support" in meta["takeaways"].lower()


def test_the_page_references_no_external_script_style_or_image(built):
    html = built["report"].read_text()
    # plotly.js itself mentions its CDN (defaults for optional maps): what matters is that nothing loads it.
    assert "<script src=" not in html and "<link " not in html and '<img src="http' not in html
    assert html.count("<script") == 2 + html.count("Plotly.newPlot(")


# --- the page in a browser ------------------------------------------------------------------------------


def test_the_report_opens_from_disk_without_errors_or_network_requests(opened, built):
    _page, seen = opened
    assert seen["errors"] == []
    assert [u for u in seen["requests"] if not u.startswith("file://")] == []
    assert seen["requests"] == [built["report"].resolve().as_uri()]
    assert SCREENSHOT.exists() and SCREENSHOT.stat().st_size > 100_000


def test_every_section_has_a_takeaway_and_every_chart_is_drawn(opened):
    page, _ = opened
    assert (
        page.eval_on_selector_all("section[data-section]", "els => els.map(e => e.dataset.section)")
        == SECTIONS
    )
    for section in SECTIONS:
        text = page.inner_text(f'[data-takeaway="{section}"]')
        assert len(text) > 30, section
        charts = page.eval_on_selector_all(
            f'section[data-section="{section}"] .chart',
            "els => els.map(c => ({id: c.dataset.chart, svg: c.querySelectorAll('svg.main-svg').length, "
            "marks: c.querySelectorAll('g.trace, g.hm, image').length, "
            "height: c.getBoundingClientRect().height}))",
        )
        assert charts, f"section {section} has no chart"
        for chart in charts:
            assert chart["svg"] > 0 and chart["marks"] > 0 and chart["height"] > 100, chart


def test_headline_figures_equal_the_marts(opened, marts):
    page, _ = opened
    sessions, success, escalated, cost, value = marts.execute(
        "SELECT sum(sessions), sum(success_sessions), sum(escalated_sessions), sum(token_cost_usd), "
        "sum(value_usd) FROM analytics.mart_roi"
    ).fetchone()
    assert _kpi(page, "sessions") == sessions
    assert _kpi(page, "success_rate") == pytest.approx(success / sessions, rel=1e-12)
    assert _kpi(page, "escalation_rate") == pytest.approx(escalated / sessions, rel=1e-12)
    assert _kpi(page, "token_cost_usd") == pytest.approx(cost, rel=1e-12)
    assert _kpi(page, "value_usd") == pytest.approx(value, rel=1e-12)
    assert _kpi(page, "roi") == pytest.approx((value - cost) / cost, rel=1e-12)
    assert page.inner_text('.kpi[data-metric="sessions"] .kpi-value') == f"{sessions:,}"


def test_portfolio_rows_equal_the_latest_month_of_mart_roi(opened, marts):
    page, _ = opened
    rows = marts.execute(
        "SELECT assistant_id, users, sessions, token_cost_usd, roi FROM analytics.mart_roi "
        "WHERE month_start = (SELECT max(month_start) FROM analytics.mart_roi)"
    ).fetchall()
    assert len(rows) == 6
    for assistant, users, sessions, cost, roi in rows:
        row = f'#portfolio-table tr[data-assistant="{assistant}"]'

        def cell(metric, row=row):
            return float(page.get_attribute(f'{row} td[data-metric="{metric}"]', "data-value"))

        assert cell("users") == users and cell("sessions") == sessions
        assert cell("token_cost_usd") == pytest.approx(cost, rel=1e-12)
        assert cell("roi") == pytest.approx(roi, rel=1e-12)


def test_the_ab_table_shows_the_difference_and_interval_of_mart_ab_tests(opened, marts):
    page, _ = opened
    diff, low, high = marts.execute(
        "SELECT success_rate_diff, success_rate_diff_ci_low, success_rate_diff_ci_high "
        "FROM analytics.mart_ab_tests WHERE assistant_id = 'hr-helper' AND variant = 'treatment'"
    ).fetchone()
    cell = '#ab-table tr[data-variant="treatment"] td[data-metric="success_rate_diff"]'
    assert float(page.get_attribute(cell, "data-value")) == pytest.approx(diff, rel=1e-12)
    assert float(page.get_attribute(cell, "data-ci-low")) == pytest.approx(low, rel=1e-12)
    assert float(page.get_attribute(cell, "data-ci-high")) == pytest.approx(high, rel=1e-12)


# --- the planted effects (docs/demo-data.md) ------------------------------------------------------------


def test_support_agent_failing_non_english_customers_is_the_outcomes_takeaway(opened):
    page, _ = opened
    assert _fact(page, "outcomes", "assistant") == "support-agent"
    assert _fact(page, "outcomes", "main-language") == "en"
    # Planted: 72% fail or hand-off outside English vs 18% in English. Through enrichment and the small-group
    # rule the published groups of seed 7 show 47% vs 18% (2.7x); 2x is the floor the effect must clear.
    assert float(_fact(page, "outcomes", "ratio")) >= 2.0
    assert "Velora Support Assistant" in page.inner_text('[data-takeaway="outcomes"]')


def test_the_hr_prompt_ab_test_names_treatment_as_the_winner(opened):
    page, _ = opened
    assert _fact(page, "ab_tests", "assistant") == "hr-helper"
    assert _fact(page, "ab_tests", "winner") == "treatment"
    assert float(_fact(page, "ab_tests", "ci-low")) > 0
    assert "beats" in page.inner_text('[data-takeaway="ab_tests"]')


def test_the_deal_research_agent_is_the_only_assistant_with_negative_roi(opened, marts):
    page, _ = opened
    assert _fact(page, "roi", "negative-roi") == "deal-research-agent"
    assert float(_fact(page, "roi", "lowest-roi")) < 0
    (roi,) = marts.execute(
        "SELECT (sum(value_usd) - sum(token_cost_usd)) / sum(token_cost_usd) FROM analytics.mart_roi "
        "WHERE assistant_id = 'deal-research-agent'"
    ).fetchone()
    assert float(_fact(page, "roi", "lowest-roi")) == pytest.approx(roi, rel=1e-12)
    assert "Deal Research Agent costs more than it returns" in page.inner_text('[data-takeaway="roi"]')


def test_the_vpn_outage_is_the_strongest_usage_spike(opened):
    page, _ = opened
    assert _fact(page, "governance", "top-spike-assistant") == "it-service-desk"
    assert _fact(page, "governance", "top-spike-day") == "2026-10-14"


def test_open_enrollment_shows_up_as_a_new_intent(opened):
    page, _ = opened
    assert int(_fact(page, "intents", "new-intents")) >= 1
    assert page.locator('#intents-table tr[data-new="true"]').count() >= 1


# --- filters --------------------------------------------------------------------------------------------

TRACES = (
    "els => els.map(gd => gd.data.filter(t => t.visible !== false)"
    ".map(t => [(t.meta || {}).assistant, (t.meta || {}).department])).flat()"
)


def test_the_assistant_and_department_filters_narrow_charts_and_tables(browser, built):
    page, seen = _open(browser, built["report"])
    try:
        page.select_option("#f-assistant", "hr-helper")
        assert page.locator("#portfolio-table tbody tr:visible").count() == 1
        assert page.locator('[data-chart^="chart-retention-"]:visible').count() == 1
        visible = page.eval_on_selector_all('[data-chart="chart-adoption"] .js-plotly-plot', TRACES)
        assert visible and {tuple(v) for v in visible} == {("hr-helper", "(all)")}

        page.select_option("#f-assistant", "code-assistant")
        page.select_option("#f-department", "Engineering")
        visible = page.eval_on_selector_all('[data-chart="chart-adoption"] .js-plotly-plot', TRACES)
        assert visible and {tuple(v) for v in visible} == {("code-assistant", "Engineering")}
        assert "Code Assistant · Engineering" in page.inner_text("#view-label")

        page.fill("#f-from", "2026-10-05")
        page.dispatch_event("#f-from", "change")
        x_range = page.evaluate(
            "() => document.querySelector('[data-chart=\"chart-adoption\"] .js-plotly-plot')"
            ".layout.xaxis.range"
        )
        assert str(x_range[0]).startswith("2026-10-05")

        page.click("#f-reset")
        assert page.locator("#portfolio-table tbody tr:visible").count() == 6
        assert seen["errors"] == []
    finally:
        page.close()


# --- robustness -----------------------------------------------------------------------------------------


def test_a_warehouse_with_empty_marts_still_gives_a_report_that_says_so(marts, built):
    from orchestration.report import build_report, load_marts
    from orchestration.warehouse import DuckDBWarehouse

    with DuckDBWarehouse(built["warehouse"], read_only=True) as wh:
        frames = load_marts(wh)
    report = build_report({name: frame.iloc[0:0] for name, frame in frames.items()})
    assert report.last_day is None
    assert report.takeaways[0].text.startswith("No sessions are published yet")
    assert all(t.text for t in report.takeaways)
