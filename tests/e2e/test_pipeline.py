"""The whole graph, in process, on the default demo data: raw logs -> Dagster -> marts.

One run builds the warehouse (module fixture); the tests then read it as an analyst would. The planted
effects of docs/demo-data.md must come back out of the marts, through the real enrichment (language
detection, embeddings, intents) and the real dbt rules.
"""

from __future__ import annotations

from datetime import date

import pytest

from enrichment.demo_data import generate
from orchestration.warehouse import connect
from tests.support.env import environment

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Generate the demo data, run the pipeline, then run it again with no new files."""
    from orchestration.runner import run_pipeline

    root = tmp_path_factory.mktemp("pipeline")
    env = {"PARLEY_WAREHOUSE": str(root / "parley.duckdb"), "PARLEY_LANDING_DIR": str(root / "landing"),
           "PARLEY_VALIDATION_DIR": str(root / "validation"), "PARLEY_REPORT_PATH": str(root / "report.html")}
    with environment(**env, DAGSTER_HOME=None):
        generate(root / "landing", conversations=3000, seed=7)
        first = run_pipeline(log=lambda _: None)
        with connect("duckdb", path=root / "parley.duckdb") as wh:
            before = _snapshot(wh)
        second = run_pipeline(log=lambda _: None)
        with connect("duckdb", path=root / "parley.duckdb") as wh:
            after = _snapshot(wh)
        yield {"first": first, "second": second, "before": before, "after": after,
               "warehouse": root / "parley.duckdb", "validation": root / "validation", "env": env}


def _snapshot(wh) -> dict:
    """Every BI-facing table's rows (build timestamps excluded) plus the enrichment row counts."""
    out = {}
    for (name,) in wh.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'analytics' "
                            "ORDER BY 1"):
        cols = [c for (c,) in wh.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'analytics' AND table_name = ? "
            "ORDER BY ordinal_position", [name]) if c not in ("built_at",)]
        out[name] = sorted(wh.query(f"SELECT {', '.join(cols)} FROM analytics.{name}"), key=repr)
    for table in ("message_signals", "message_embeddings", "message_intents", "intents", "intent_models"):
        out[f"enriched.{table}"] = wh.count(f"enriched.{table}")
    return out


@pytest.fixture(scope="module")
def wh(built):
    with connect("duckdb", path=built["warehouse"]) as warehouse:
        yield warehouse


def test_every_input_line_is_accounted_for(built, wh):
    ingest = built["first"].ingest
    assert ingest["lines_in"] == ingest["lines_loaded"] + ingest["lines_duplicate"] + ingest["lines_quarantined"]
    [(lines_in, loaded, dup, quarantined)] = wh.query(
        "SELECT sum(lines_in), sum(lines_loaded), sum(lines_duplicate), sum(lines_quarantined) FROM raw.ingest_log")
    assert lines_in == loaded + dup + quarantined == ingest["lines_in"]


def test_every_stage_filled_its_tables(built):
    tables = dict(built["first"].tables)
    for name in ("raw.events", "enriched.message_signals", "enriched.message_embeddings", "enriched.intents",
                 "enriched.message_intents", "analytics.fct_sessions", "analytics.mart_outcomes",
                 "analytics.mart_roi", "analytics.mart_ab_tests", "analytics.mart_governance"):
        assert tables.get(name, 0) > 0, name


def test_the_run_reports_how_long_each_step_took(built):
    run = built["first"]
    steps = dict(run.steps)
    for key in ("raw__events", "enriched__message_embeddings", "enriched__message_signals", "intents",
                "parley_dbt_models", "analytics_report"):
        assert steps.get(key, 0) > 0, key
    assert len(steps) > 6, "the validation checks are steps too"
    # one process, one step after another: the steps cannot add up to more than the run
    assert sum(steps.values()) <= run.seconds


def test_a_rerun_without_new_files_embeds_nothing_and_changes_no_mart(built):
    meta = built["second"].asset_metadata
    assert meta["raw/events"]["lines_in"] == 0
    assert meta["enriched/message_embeddings"]["texts_embedded"] == 0
    assert meta["enriched/message_signals"]["messages_enriched"] == 0
    assert built["after"] == built["before"]


def test_no_raw_message_text_reaches_the_marts(wh):
    [(n,)] = wh.query(
        "SELECT count(*) FROM analytics.mart_intents i JOIN raw.events e ON e.content = i.example_text "
        "JOIN enriched.message_signals s ON s.event_id = e.event_id WHERE s.pii_types <> ''")
    assert n == 0


# -- the planted effects (docs/demo-data.md), read back from the marts --------------------------------

def test_support_agent_fails_non_english_customers(wh):
    rates = dict(wh.query(
        "SELECT CASE WHEN language = 'en' THEN 'en' ELSE 'other' END, "
        "sum(failure_sessions + escalated_sessions) * 1.0 / sum(sessions) FROM analytics.mart_outcomes "
        "WHERE assistant_id = 'support-agent' AND language IN ('en', 'es', 'pt', 'fr', 'de') GROUP BY 1"))
    assert rates["other"] >= 2 * rates["en"], rates


def test_support_agent_language_gap_is_published_language_by_language(wh):
    rows = wh.query(
        "SELECT CASE WHEN segment = 'en' THEN 'en' WHEN segment IN ('es', 'pt', 'fr', 'de') THEN 'other' "
        "ELSE 'unnamed' END, sum(failure_sessions + escalated_sessions), sum(sessions) "
        "FROM analytics.mart_outcomes_by_segment WHERE assistant_id = 'support-agent' "
        "AND segment_type = 'language' GROUP BY 1")
    bad = {side: (failed, sessions) for side, failed, sessions in rows}
    rate = {side: failed / sessions for side, (failed, sessions) in bad.items()}
    # each language is folded on its own, so (almost) every session keeps its language
    assert bad.get("unnamed", (0, 0))[1] <= 0.1 * sum(n for _, n in bad.values()), bad
    assert rate["other"] >= 2 * rate["en"], rate


def test_hr_ab_test_treatment_wins_significantly(wh):
    [(diff, low, p)] = wh.query(
        "SELECT success_rate_diff, success_rate_diff_ci_low, success_p_value FROM analytics.mart_ab_tests "
        "WHERE assistant_id = 'hr-helper' AND variant = 'treatment'")
    assert diff > 0.15 and low > 0 and p < 0.05


def test_sales_copilot_retains_worse_than_code_assistant(wh):
    retention = dict(wh.query(
        "SELECT assistant_id, sum(active_users) * 1.0 / sum(cohort_users) FROM analytics.mart_retention_weekly "
        "WHERE weeks_since_first_use BETWEEN 1 AND 4 AND NOT is_partial_week "
        "AND assistant_id IN ('sales-copilot', 'code-assistant') GROUP BY 1"))
    assert retention["sales-copilot"] < 0.5 * retention["code-assistant"], retention


def test_gpt4o_cost_per_token_drops_after_the_price_change(wh):
    per_token = dict(wh.query(
        "SELECT message_at >= TIMESTAMP '2026-10-01', sum(cost_usd) / sum(input_tokens + output_tokens) "
        "FROM analytics.fct_messages WHERE model = 'gpt-4o' AND role = 'assistant' GROUP BY 1"))
    assert 0.45 < per_token[True] / per_token[False] < 0.75, per_token


def test_it_desk_vpn_outage_is_flagged_as_a_spike(wh):
    [(z,)] = wh.query(
        "SELECT max_daily_z_score FROM analytics.mart_governance WHERE assistant_id = 'it-service-desk' "
        "AND week_start <= DATE '2026-10-14' AND week_start > DATE '2026-10-07'")
    assert z >= 3


def test_a_new_intent_appears_in_the_last_two_weeks(wh):
    # Intents none of whose messages came before the enrollment window: the clusterer may split the new
    # topic by wording or language, so their sizes are added up.
    new = wh.query(
        "SELECT i.intent_id, count(*) FROM enriched.message_intents m JOIN raw.events e ON e.event_id = m.event_id "
        "JOIN enriched.intents i ON i.intent_id = m.intent_id WHERE NOT i.is_unclassified AND e.assistant_id = "
        "'hr-helper' GROUP BY i.intent_id HAVING min(e.timestamp) >= TIMESTAMP '2026-10-19'")
    assert sum(n for _, n in new) >= 25 and max(n for _, n in new) >= 10, new


def test_only_the_deal_research_agent_loses_money(wh):
    net = dict(wh.query("SELECT assistant_id, sum(net_value_usd) FROM analytics.mart_roi GROUP BY 1"))
    assert net["deal-research-agent"] < 0
    assert all(v > 0 for k, v in net.items() if k != "deal-research-agent"), net


def test_marts_suppress_groups_below_k_users(wh):
    k = 5
    for table, users in (("mart_outcomes", "users"), ("mart_adoption_daily", "active_users"),
                         ("mart_ab_tests", "users"), ("mart_intents", "users")):
        [(small,)] = wh.query(f"SELECT count(*) FROM analytics.{table} WHERE {users} < {k}")
        assert small == 0, table


def test_demo_window_is_the_documented_one(wh):
    [(first, last)] = wh.query("SELECT min(session_date), max(session_date) FROM analytics.fct_sessions")
    assert (first, last) == (date(2026, 9, 6), date(2026, 10, 31))


def test_validation_results_are_kept_without_raw_values(built, wh):
    results = list(built["validation"].rglob("*.json"))
    assert any("raw_events" in str(p) for p in results)
    assert list(built["validation"].rglob("*.html")), "GX data docs were not written"
    sample = [c for (c,) in wh.query(
        "SELECT content FROM raw.events WHERE role = 'user' AND length(content) > 30 LIMIT 50")]
    text = "\n".join(p.read_text(errors="replace") for p in results)
    assert not any(c in text for c in sample)


def test_a_deliberate_recluster_on_the_same_data_reproduces_every_intent(built, wh):
    """Runs last in this module: it changes the warehouse the tests above read."""
    from orchestration.runner import run_pipeline

    before = dict(wh.query("SELECT event_id, intent_id FROM enriched.message_intents"))
    [(version_before,)] = wh.query("SELECT DISTINCT model_version FROM enriched.message_intents")
    wh.close()
    with environment(**built["env"], DAGSTER_HOME=None):
        result = run_pipeline("intents_recluster", log=lambda _: None)
    assert result.asset_metadata["enriched/intents"]["fitted_this_run"] is True
    with connect("duckdb", path=built["warehouse"]) as after:
        mapping = after.query("SELECT status, intent_id, previous_intent_id FROM enriched.intent_id_map")
        assigned = dict(after.query("SELECT event_id, intent_id FROM enriched.message_intents"))
        [(version_after,)] = after.query("SELECT DISTINCT model_version FROM enriched.message_intents")
        [(mart_version,)] = after.query("SELECT count(DISTINCT intent_id) FROM analytics.mart_intents")
    # same messages, same seed: the re-cluster reproduces the model, keeps every id and moves no message
    assert version_after == version_before and assigned == before
    assert mapping and all(status == "kept" and new == old for status, new, old in mapping)
    assert mart_version > 0
