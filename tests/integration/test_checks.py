"""Data-quality checks: broken tables fail their Great Expectations check, ERROR blocks downstream assets,
WARN does not, and no value of a failing row is written to the kept results."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest
from dagster import (
    AssetCheckSeverity,
    AssetKey,
    AssetSelection,
    AssetSpec,
    Definitions,
    asset,
    define_asset_job,
)

from orchestration.assets.ingest import raw_events
from orchestration.checks import build_checks, freshness_verdict, raw_events_freshness
from orchestration.gx import SUITES_DIR, QualitySettings, SuiteError, load_suite, load_suites, scrub
from orchestration.resources import LandingResource, WarehouseResource
from orchestration.warehouse import TABLES, arrow_schema, connect

RAW_EVENTS = AssetKey(["raw", "events"])
SIGNALS = AssetKey(["enriched", "message_signals"])
SECRET_EMAIL = "jane.doe.secret@example.org"


def event(n: int, **overrides) -> dict:
    base = {
        "event_type": "message", "event_id": f"e-{n}", "timestamp": f"2026-03-02T09:{n % 60:02d}:00Z",
        "conversation_id": f"c-{n // 4}", "assistant_id": "hr-helper", "user_id": f"u-{n % 7}",
        "role": "user" if n % 2 == 0 else "assistant", "content": f"message number {n}",
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def write_landing(folder: Path, events: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if events:
        (folder / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return folder


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A private warehouse file and validation folder; every data-quality setting at its default."""
    for name in ("PARLEY_MIN_GROUP_USERS", "PARLEY_FRESHNESS_HOURS", "PARLEY_TIMESTAMP_MIN",
                 "PARLEY_TIMESTAMP_MAX_FUTURE_HOURS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PARLEY_VALIDATION_DIR", str(tmp_path / "validation"))
    return tmp_path


def resources(tmp_path: Path) -> dict:
    return {
        "warehouse": WarehouseResource(kind="duckdb", duckdb_path=str(tmp_path / "parley.duckdb")),
        "landing": LandingResource(landing_dir=str(tmp_path / "landing")),
    }


def run(tmp_path: Path, assets: list, check_keys: list[AssetKey], selection: AssetSelection | None = None):
    """Run every asset and the checks on ``check_keys`` in one in-process job (as the pipeline does)."""
    defs = Definitions(
        assets=assets,
        asset_checks=build_checks(asset_keys=check_keys),
        resources=resources(tmp_path),
        jobs=[define_asset_job("under_test", selection=selection or AssetSelection.all())],
    )
    result = defs.resolve_job_def("under_test").execute_in_process(raise_on_error=False)
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    return checks, materialized


@asset(deps=[RAW_EVENTS])
def after_raw_events() -> None:
    """Stands for enrichment: anything downstream of raw/events."""


@asset(deps=[SIGNALS])
def after_signals() -> None:
    """Stands for dbt: anything downstream of enriched/message_signals."""


def signals_rows(**overrides) -> pa.Table:
    rows = [
        {"event_id": "e-0", "role": "user", "redacted_content": "my mail is <EMAIL>, card <CARD>",
         "language": "en", "language_confidence": 0.93, "frustration_score": 0.2, "sentiment_score": -0.4,
         "similarity_to_previous": None},
        {"event_id": "e-2", "role": "user", "redacted_content": "still broken, version 2.1 again",
         "language": "und", "language_confidence": 0.1, "frustration_score": 0.8, "sentiment_score": None,
         "similarity_to_previous": 1.0000001192092896},  # float32 cosine of a message with itself
    ]
    for key, value in overrides.items():
        rows[1][key] = value
    names = [c.name for c in TABLES["enriched.message_signals"]]
    rows = [{n: r.get(n) for n in names} for r in rows]
    return pa.Table.from_pylist(rows, schema=arrow_schema("enriched.message_signals"))


def signals_asset(table: pa.Table):
    @asset(key=SIGNALS)
    def message_signals(warehouse: WarehouseResource) -> None:
        with warehouse.connect() as wh:
            wh.ensure_table("enriched.message_signals")
            wh.execute("DELETE FROM enriched.message_signals")
            wh.append("enriched.message_signals", table)

    return message_signals


# ---------------------------------------------------------------------------------------------------------
# raw/events through the real ingestion asset


def test_event_dated_1999_fails_with_error_and_blocks_downstream(env):
    write_landing(env / "landing", [event(0), event(1, timestamp="1999-06-01T12:00:00Z"), event(2)])

    checks, materialized = run(env, [raw_events, after_raw_events], [RAW_EVENTS])

    check = checks["gx_raw_events"]
    assert not check.passed
    assert check.severity == AssetCheckSeverity.ERROR
    assert "timestamp" in check.description and "1 of 3 rows" in check.description
    assert RAW_EVENTS in materialized  # ingestion accepted the line: only the check catches it
    assert AssetKey("after_raw_events") not in materialized


def test_clean_events_pass_and_downstream_materializes(env):
    write_landing(env / "landing", [event(n) for n in range(6)])

    checks, materialized = run(env, [raw_events, after_raw_events], [RAW_EVENTS])

    assert checks["gx_raw_events"].passed, checks["gx_raw_events"].description
    assert checks["freshness"].passed
    assert AssetKey("after_raw_events") in materialized
    results = sorted((env / "validation" / "raw_events").glob("2*.json"))
    assert len(results) == 1 and json.loads(results[0].read_text())["success"] is True
    assert (env / "validation" / "data_docs" / "index.html").exists()


def test_empty_raw_events_warns_but_does_not_block(env):
    write_landing(env / "landing", [])

    checks, materialized = run(env, [raw_events, after_raw_events], [RAW_EVENTS])

    assert not checks["gx_raw_events"].passed
    assert checks["gx_raw_events"].severity == AssetCheckSeverity.WARN  # row count is a warning
    assert not checks["freshness"].passed and checks["freshness"].severity == AssetCheckSeverity.WARN
    assert AssetKey("after_raw_events") in materialized


def test_no_event_ingested_for_longer_than_the_limit_warns(env, monkeypatch):
    write_landing(env / "landing", [event(n) for n in range(3)])
    run(env, [raw_events], [RAW_EVENTS])
    with connect("duckdb", path=env / "parley.duckdb") as wh:
        wh.execute("UPDATE raw.events SET ingested_at = ingested_at - INTERVAL 30 HOUR")
    only_freshness = AssetSelection.checks(raw_events_freshness)

    stale = run(env, [AssetSpec(RAW_EVENTS)], [RAW_EVENTS], only_freshness)[0]["freshness"]
    monkeypatch.setenv("PARLEY_FRESHNESS_HOURS", "48")
    within_48h = run(env, [AssetSpec(RAW_EVENTS)], [RAW_EVENTS], only_freshness)[0]["freshness"]

    assert not stale.passed and stale.severity == AssetCheckSeverity.WARN
    assert "no new event for 30.0 h" in stale.description
    assert within_48h.passed


def test_window_is_configurable(env, monkeypatch):
    monkeypatch.setenv("PARLEY_TIMESTAMP_MIN", "1990-01-01")
    write_landing(env / "landing", [event(0), event(1, timestamp="1999-06-01T12:00:00Z")])

    checks, materialized = run(env, [raw_events, after_raw_events], [RAW_EVENTS])

    assert checks["gx_raw_events"].passed, checks["gx_raw_events"].description
    assert AssetKey("after_raw_events") in materialized


# ---------------------------------------------------------------------------------------------------------
# enriched/message_signals


def test_email_left_in_redacted_text_blocks_and_never_reaches_results(env):
    broken = signals_rows(redacted_content=f"please write to {SECRET_EMAIL} today")

    checks, materialized = run(env, [signals_asset(broken), after_signals], [SIGNALS])

    check = checks["gx_message_signals"]
    assert not check.passed and check.severity == AssetCheckSeverity.ERROR
    assert "redacted_content" in check.description
    assert AssetKey("after_signals") not in materialized
    written = [p for p in (env / "validation").rglob("*") if p.is_file() and p.suffix in (".json", ".html")]
    assert any(p.suffix == ".html" and "validations" in p.parts for p in written)
    assert any(p.suffix == ".json" for p in written)
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert SECRET_EMAIL not in text and "jane.doe" not in text, path
    assert SECRET_EMAIL not in check.description + json.dumps(str(check.metadata))


@pytest.mark.parametrize(
    ("column", "value", "severity"),
    [
        ("redacted_content", "card 4111 1111 1111 1111 expires soon", AssetCheckSeverity.ERROR),
        ("redacted_content", "IBAN DE89 3704 0044 0532 0130 00", AssetCheckSeverity.ERROR),
        ("frustration_score", 1.5, AssetCheckSeverity.ERROR),
        ("event_id", "e-0", AssetCheckSeverity.ERROR),  # duplicate key
        ("language", "english", AssetCheckSeverity.WARN),
        ("redacted_content", "my laptop is at 192.168.10.4", AssetCheckSeverity.WARN),
    ],
)
def test_broken_signals_fail_with_their_severity(env, column, value, severity):
    broken = signals_rows(**{column: value})
    checks, materialized = run(env, [signals_asset(broken), after_signals], [SIGNALS])

    check = checks["gx_message_signals"]
    assert not check.passed and check.severity == severity, check.description
    assert column in check.description
    # only ERROR blocks
    assert (AssetKey("after_signals") in materialized) == (severity == AssetCheckSeverity.WARN)


def test_clean_signals_pass(env):
    checks, materialized = run(env, [signals_asset(signals_rows()), after_signals], [SIGNALS])

    assert checks["gx_message_signals"].passed, checks["gx_message_signals"].description
    assert AssetKey("after_signals") in materialized


def test_missing_table_fails_with_a_clear_message(env):
    # The check runs alone: nothing has created enriched.message_signals in this warehouse.
    connect("duckdb", path=env / "parley.duckdb").close()
    checks, _ = run(env, [AssetSpec(SIGNALS)], [SIGNALS], AssetSelection.all_asset_checks())

    check = checks["gx_message_signals"]
    assert not check.passed and check.severity == AssetCheckSeverity.ERROR
    assert "enriched.message_signals does not exist" in check.description


# ---------------------------------------------------------------------------------------------------------
# Suites, settings and the freshness rule


def test_every_suite_declares_its_asset_table_and_severities():
    suites = load_suites()
    assert {s.name for s in suites} >= {"raw_events", "message_signals"}
    for suite in suites:
        assert suite.table.count(".") == 1
        assert all(e["severity"] in ("critical", "warning") for e in suite.expectations)


def test_suite_without_explicit_severity_is_rejected(tmp_path):
    definition = json.loads((SUITES_DIR / "raw_events.json").read_text())
    del definition["expectations"][1]["severity"]
    path = tmp_path / "raw_events.json"
    path.write_text(json.dumps(definition))
    with pytest.raises(SuiteError, match="severity"):
        load_suite(path)


def test_scrub_drops_row_values_and_text_observations():
    result = {"results": [{"result": {
        "unexpected_count": 1, "partial_unexpected_list": [SECRET_EMAIL], "unexpected_list": [SECRET_EMAIL],
        "details": {"value_counts": [{"value": SECRET_EMAIL, "count": 1}]}, "observed_value": SECRET_EMAIL,
    }}, {"result": {"observed_value": 0.25}}, {"result": {"observed_value": "2026-03-02T09:00:00"}}]}

    scrubbed = scrub(result)

    assert SECRET_EMAIL not in json.dumps(scrubbed)
    assert scrubbed["results"][0]["result"]["unexpected_count"] == 1
    assert [r["result"]["observed_value"] for r in scrubbed["results"][1:]] == [0.25, "2026-03-02T09:00:00"]


def test_freshness_is_measured_against_the_configured_hours():
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert freshness_verdict(datetime(2026, 3, 2, 0, 0), now, 24) == (True, 12.0)
    assert freshness_verdict(datetime(2026, 3, 1, 11, 0), now, 24) == (False, 25.0)
    assert freshness_verdict(datetime(2026, 3, 1, 11, 0), now, 48)[0] is True
    assert freshness_verdict(None, now, 24) == (False, None)


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PARLEY_MIN_GROUP_USERS", "10")
    monkeypatch.setenv("PARLEY_FRESHNESS_HOURS", "6")
    monkeypatch.setenv("PARLEY_TIMESTAMP_MAX_FUTURE_HOURS", "2")
    monkeypatch.setenv("PARLEY_VALIDATION_DIR", "/tmp/somewhere")
    settings = QualitySettings.from_env()
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert settings.parameters(now) == {
        "min_group_users": 10,
        "timestamp_min": datetime(2015, 1, 1),
        "timestamp_max": datetime(2026, 3, 2, 12, 0) + timedelta(hours=2),
    }
    assert settings.freshness_hours == 6 and settings.validation_dir == Path("/tmp/somewhere")
    monkeypatch.setenv("PARLEY_MIN_GROUP_USERS", "five")
    with pytest.raises(ValueError, match="PARLEY_MIN_GROUP_USERS"):
        QualitySettings.from_env()


# ---------------------------------------------------------------------------------------------------------
# Marts (tables written directly: the checks run alone, as after a dbt build)

MART_KEYS = [AssetKey("mart_outcomes"), AssetKey("mart_intents")]


def write_marts(tmp_path: Path, *, outcomes: list[dict], intents: list[dict]) -> None:
    with connect("duckdb", path=tmp_path / "parley.duckdb") as wh:
        wh.execute("CREATE SCHEMA IF NOT EXISTS analytics")
        for name, rows in (("mart_outcomes", outcomes), ("mart_intents", intents)):
            wh.execute(f"DROP TABLE IF EXISTS analytics.{name}")
            with wh.staged(pa.Table.from_pylist(rows)) as staged:
                wh.execute(f"CREATE TABLE analytics.{name} AS SELECT * FROM {staged}")


def outcome_row(intent_id: str, users: int, **overrides) -> dict:
    row = {
        "week_start": datetime(2026, 3, 2).date(), "assistant_id": "hr-helper", "intent_id": intent_id,
        "language": "en", "users": users, "success_rate": 0.5, "failure_rate": 0.25, "escalation_rate": 0.0,
        "self_service_rate": 0.75, "rephrase_rate": 0.1, "abandonment_rate": 0.25, "feedback_rate": None,
        "avg_feedback_score": None,
    }
    row.update(overrides)
    return row


def intent_row(intent_id: str, users: int, example_text: str, **overrides) -> dict:
    row = {
        "intent_id": intent_id, "users": users, "example_text": example_text,
        "intent_label": "vacation days", "intent_keywords": "vacation, days, left", "success_rate": 0.6,
        "failure_rate": 0.1, "escalation_rate": 0.1, "abandonment_rate": 0.2, "rephrase_rate": 0.05,
    }
    row.update(overrides)
    return row


def run_mart_checks(tmp_path: Path):
    return run(tmp_path, [AssetSpec(k) for k in MART_KEYS], MART_KEYS, AssetSelection.all_asset_checks())[0]


CLEAN_OUTCOMES = [outcome_row("vacation", 12), outcome_row("(other)", 5)]
CLEAN_INTENTS = [intent_row("vacation", 12, "how many vacation days do I have left? mail <EMAIL>"),
                 intent_row("(other)", 5, None)]


def test_clean_marts_pass(env):
    write_marts(env, outcomes=CLEAN_OUTCOMES, intents=CLEAN_INTENTS)

    checks = run_mart_checks(env)

    assert checks["gx_mart_outcomes"].passed, checks["gx_mart_outcomes"].description
    assert checks["gx_mart_intents"].passed, checks["gx_mart_intents"].description


def test_rate_above_one_small_group_and_email_fail_the_mart_checks(env):
    write_marts(
        env,
        outcomes=[outcome_row("vacation", 12, success_rate=1.5), outcome_row("(other)", 3)],
        intents=[intent_row("vacation", 12, f"my address is {SECRET_EMAIL}"), intent_row("vacation", 7, "x")],
    )

    checks = run_mart_checks(env)

    outcomes, intents = checks["gx_mart_outcomes"], checks["gx_mart_intents"]
    assert not outcomes.passed and outcomes.severity == AssetCheckSeverity.ERROR
    failed = {f["column"] for f in outcomes.metadata["failures"].value}
    assert failed == {"success_rate", "users"}
    assert not intents.passed and intents.severity == AssetCheckSeverity.ERROR
    assert {f["column"] for f in intents.metadata["failures"].value} == {"example_text", "intent_id"}
    assert SECRET_EMAIL not in intents.description
    for path in (env / "validation").rglob("*.*"):
        if path.suffix in (".json", ".html"):
            assert SECRET_EMAIL not in path.read_text(encoding="utf-8"), path


def test_group_size_threshold_comes_from_the_environment(env, monkeypatch):
    write_marts(env, outcomes=[outcome_row("vacation", 12), outcome_row("(other)", 3)], intents=CLEAN_INTENTS)
    monkeypatch.setenv("PARLEY_MIN_GROUP_USERS", "3")

    assert run_mart_checks(env)["gx_mart_outcomes"].passed


def test_every_suite_runs_in_great_expectations_without_errors(tmp_path):
    """Each suite's expectations are valid GX 1.24 (types, kwargs, parameters) and evaluate on its columns."""
    import pandas as pd

    from orchestration.gx import validate_frame

    settings = QualitySettings(validation_dir=tmp_path)
    for suite in load_suites():
        frame = pd.DataFrame({c: pd.Series([], dtype="object") for c in suite.referenced_columns()})
        outcome = validate_frame(suite, frame, settings, write=False)
        assert outcome.evaluated == len(suite.expectations), suite.name
        assert not [f for f in outcome.failures if f["error"]], (suite.name, outcome.failures)


def test_suite_reads_and_validates_on_each_warehouse(warehouse, tmp_path):
    """The same suite gives the same verdict on DuckDB and PostgreSQL (columns read through query_arrow)."""
    from orchestration.gx import check_suite
    from orchestration.ingest import ingest_paths

    landing = write_landing(tmp_path / "landing", [event(0), event(1, timestamp="1999-06-01T12:00:00Z")])
    ingest_paths(warehouse, [landing])
    suites = {s.name: s for s in load_suites()}
    settings = QualitySettings(validation_dir=tmp_path / "validation")

    outcome = check_suite(warehouse, suites["raw_events"], settings)
    missing = check_suite(warehouse, suites["mart_outcomes"], settings)

    assert not outcome.passed and outcome.severity == "critical"
    assert [(f["column"], f["unexpected_count"]) for f in outcome.failures] == [("timestamp", 1)]
    assert outcome.result_path.exists() and outcome.docs_path.exists()
    assert missing.problem.startswith("table analytics.mart_outcomes does not exist")


# ---------------------------------------------------------------------------------------------------------
# Big tables: validated in hash partitions, with exactly the result of validating the whole table

PARTITIONED_SUITE = {
    "name": "t_quality",
    "meta": {"parley": {"asset_key": ["t_quality"], "table": "analytics.t_quality"}},
    "expectations": [
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 10, "max_value": 20}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "k"}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "k"}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["a", "b"]}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "score", "min_value": 0, "max_value": 1}},
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "lang", "regex": "^[a-z]{2}$"},
         "severity": "warning"},
        # 1 of 11 non-null values: passes on the table, fails on a partition of 3 or 4 rows holding it
        {"type": "expect_column_values_to_not_match_regex", "kwargs": {"column": "lang", "regex": "^x", "mostly": 0.8}},
    ],
}
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def partitioned_suite(tmp_path: Path, expectations: list[dict] | None = None):
    definition = json.loads(json.dumps(PARTITIONED_SUITE))
    if expectations is not None:
        definition["expectations"] = expectations
    for exp in definition["expectations"]:
        exp.setdefault("severity", "critical")
        exp["notes"] = "test"
    path = tmp_path / "t_quality.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    return load_suite(path)


def quality_rows() -> list[dict]:
    """12 rows: duplicate keys at both ends of the table (k-0 at rows 0 and 11, k-5 at 5, 6, 9), two NULL
    keys, a compound duplicate with a NULL part, a score out of range, a language failing the regex."""
    rows = [{"k": f"k-{i}", "a": f"a{i % 5}", "b": f"b{i}", "score": 0.5, "lang": "en"} for i in range(12)]
    rows[11].update(k="k-0", score=0.25)  # duplicates differ in their other columns
    rows[6].update(k="k-5", score=0.75)
    rows[9].update(k="k-5", lang="de")
    rows[3]["k"] = rows[4]["k"] = None
    rows[1].update(a="a9", b=None, lang="xx")
    rows[10].update(a="a9", b=None, lang=None)
    rows[0].update(a=None, b=None)
    rows[5].update(a=None, b=None)
    rows[2]["score"], rows[7]["score"] = 1.5, None
    rows[8]["lang"] = "english"
    return rows


def write_quality_table(wh, rows: list[dict]) -> None:
    wh.execute("CREATE SCHEMA IF NOT EXISTS analytics")
    wh.execute("DROP TABLE IF EXISTS analytics.t_quality")
    with wh.staged(pa.Table.from_pylist(rows)) as staged:
        wh.execute(f"CREATE TABLE analytics.t_quality AS SELECT * FROM {staged}")


def without_ids(result: dict) -> list[dict]:
    return [{**r, "expectation_config": {**r["expectation_config"], "id": None}} for r in result["results"]]


def test_big_table_validated_in_partitions_gives_the_whole_table_result(warehouse, tmp_path):
    from orchestration.gx import check_suite

    suite = partitioned_suite(tmp_path)
    write_quality_table(warehouse, quality_rows())

    whole = check_suite(warehouse, suite, QualitySettings(validation_dir=tmp_path / "whole"), now=NOW)
    parts = check_suite(
        warehouse, suite, QualitySettings(validation_dir=tmp_path / "parts", chunk_rows=3), now=NOW
    )

    whole_json = json.loads(whole.result_path.read_text())
    parts_json = json.loads(parts.result_path.read_text())
    assert "chunks" not in whole_json["meta"]["parley"]
    assert parts_json["meta"]["parley"] == {
        "asset_key": ["t_quality"], "table": "analytics.t_quality", "rows": 12, "chunks": 4,
        "passes": 2,  # by k, then by (a, b)
    }  # fmt: skip
    assert (parts.passed, parts.severity, parts.rows) == (whole.passed, whole.severity, whole.rows)
    assert parts.failures == whole.failures
    assert without_ids(parts_json) == without_ids(whole_json)
    assert parts_json["statistics"] == whole_json["statistics"]
    assert {(f["expectation"], str(f["column"])): (f["unexpected_count"], f["element_count"])
            for f in parts.failures} == {
        ("expect_column_values_to_not_be_null", "k"): (2, 12),
        ("expect_column_values_to_be_unique", "k"): (5, 12),  # k-0 twice, k-5 three times
        ("expect_compound_columns_to_be_unique", "['a', 'b']"): (2, 12),
        ("expect_column_values_to_be_between", "score"): (1, 12),
        ("expect_column_values_to_match_regex", "lang"): (1, 12),
    }  # fmt: skip
    row_count = next(r for r in parts_json["results"] if r["expectation_config"]["type"].startswith("expect_table"))
    assert row_count["success"] and row_count["result"]["observed_value"] == 12  # no partition has 10 rows
    assert (tmp_path / "parts" / "data_docs" / "expectations" / "t_quality.html").exists()
    assert not list((tmp_path / "parts" / "data_docs").rglob("*__*"))  # no page for the helper passes


def test_suite_with_an_aggregate_expectation_is_validated_whole(warehouse, tmp_path):
    from orchestration.gx import check_suite

    suite = partitioned_suite(tmp_path, [
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "k"}},
        {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "score", "min_value": 0.59}},
    ])  # fmt: skip
    write_quality_table(warehouse, quality_rows())

    outcome = check_suite(warehouse, suite, QualitySettings(validation_dir=tmp_path, chunk_rows=4), now=NOW)

    assert suite.passes() is None
    assert "chunks" not in json.loads(outcome.result_path.read_text())["meta"]["parley"]
    # the mean of the 11 scores (8 x 0.5, 0.25, 0.75, 1.5) is 0.59: a partition's mean would differ
    assert [f["expectation"] for f in outcome.failures] == ["expect_column_values_to_be_unique"]


def test_project_suites_split_by_their_key_in_one_pass():
    suites = {s.name: s for s in load_suites()}
    signals = suites["message_signals"].passes()
    assert [p.key for p in signals] == [("event_id",)]
    assert signals[0].indices == list(range(len(suites["message_signals"].expectations)))
    assert "redacted_content" in signals[0].columns
    raw = suites["raw_events"]
    assert raw.table_indices() == [0] and 0 not in raw.passes()[0].indices
    assert all(s.passes() is not None and len(s.passes()) == 1 for s in suites.values())


def test_duplicate_signal_across_partitions_blocks_through_the_dagster_check(env, monkeypatch):
    monkeypatch.setenv("PARLEY_GX_CHUNK_ROWS", "1")
    broken = signals_rows(event_id="e-0")

    checks, materialized = run(env, [signals_asset(broken), after_signals], [SIGNALS])

    check = checks["gx_message_signals"]
    assert not check.passed and check.severity == AssetCheckSeverity.ERROR
    assert "expect_column_values_to_be_unique on event_id: 2 of 2 rows" in check.description
    assert AssetKey("after_signals") not in materialized
    result = json.loads((env / "validation" / "message_signals" / "latest.json").read_text())
    assert result["meta"]["parley"]["chunks"] == 2 and result["meta"]["parley"]["rows"] == 2
