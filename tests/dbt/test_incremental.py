"""An incremental run after late and new events gives exactly what a full refresh of the same data gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from orchestration.dbt_project import DBT_BUILD_ARGS
from orchestration.warehouse import connect
from tests.dbt import data
from tests.dbt.conftest import Dbt, assert_same_tables, duckdb_query, load, read_tables

# Everything except tests: the equivalence is about the tables, and the build test runs the tests.
RUN = ("build", "--exclude-resource-type", "test", "unit_test")


def load_and_enrich(path, events: list[dict], landing, name: str, enriched_at: datetime) -> None:
    """Ingest ``events`` as file ``name`` and write their (test) enrichment, stamped ``enriched_at``."""
    with connect("duckdb", path=path) as wh:
        load(wh, events, landing, name)
        data.enrich(wh, enriched_at)


def warehouse_with_every_event(tmp_path, demo_events):
    """A DuckDB warehouse with every test event loaded and enriched (no dbt run yet), and dbt against it."""
    path = tmp_path / "parley.duckdb"
    load_and_enrich(path, demo_events.all, tmp_path / "landing", "all", datetime(2026, 11, 1, tzinfo=UTC))
    return path, Dbt(tmp_path, duckdb_path=path)


def assert_a_full_refresh_gives_the_same_tables(dbt: Dbt, query) -> None:
    """The tables as the incremental runs left them equal what `dbt build --full-refresh` makes of them."""
    incremental = read_tables(query)
    dbt(*RUN, "--full-refresh")
    assert_same_tables(incremental, read_tables(query), left_name="incremental", right_name="full refresh")


def test_incremental_run_with_late_events_equals_a_full_refresh(tmp_path, demo_events):
    path = tmp_path / "parley.duckdb"
    dbt = Dbt(tmp_path, duckdb_path=path)
    load_and_enrich(path, demo_events.first, tmp_path / "landing", "first", datetime(2026, 11, 1, tzinfo=UTC))
    dbt(*RUN)
    query = duckdb_query(path)
    first_build = query("select max(built_at) from analytics.fct_messages")[0][0]

    # Late events: some a few days before the cutoff (sessions spanning the previous run's boundary get
    # new messages, gaps get filled), some weeks older than the lookback; plus new events after it.
    late = [e for e in demo_events.second if e["timestamp"] < data.CUTOFF.strftime("%Y-%m-%dT%H")]
    assert any(e["timestamp"] < "2026-09-25" for e in late), "the test needs events older than the lookback"
    load_and_enrich(path, demo_events.second, tmp_path / "landing", "second", datetime(2026, 11, 2, tzinfo=UTC))
    dbt(*RUN)
    rebuilt, total = query(
        f"select count(case when built_at > cast('{first_build}' as timestamp) then 1 end), count(*) "
        "from analytics.fct_messages"
    )[0]
    cutoff = data.CUTOFF.strftime("%Y-%m-%d %H:%M:%S")
    spanning = query(
        f"select count(*) from analytics.fct_sessions where session_start_at < cast('{cutoff}' as timestamp) "
        f"and session_end_at >= cast('{cutoff}' as timestamp)"
    )[0][0]
    assert spanning > 0, "the test needs sessions that span the first run's boundary"
    sessions = dict(
        query(
            "select conversation_id, count(*) from analytics.fct_sessions "
            "where conversation_id in ('edge-2', 'edge-3') group by conversation_id"
        )
    )
    # a late message filled edge-2's 40-minute gap; one three weeks late opened an earlier edge-3 session
    assert sessions == {"edge-2": 1, "edge-3": 2}
    # feedback filed under another conversation reached its message, older than the lookback
    assert query("select feedback_count, feedback_score from analytics.fct_messages where event_id = 'edge4-a'") == [
        (1, 0.0)]
    assert 0 < rebuilt < total, (
        f"the second run should rebuild some conversations, not all ({rebuilt}/{total})"
    )

    assert_a_full_refresh_gives_the_same_tables(dbt, query)


def test_a_run_with_nothing_new_rebuilds_nothing_and_deleted_intents_reach_the_marts(tmp_path, demo_events):
    path, dbt = warehouse_with_every_event(tmp_path, demo_events)
    dbt(*RUN)
    query = duckdb_query(path)
    [(first_build,)] = query("select max(built_at) from analytics.fct_messages")

    dbt(*RUN)  # nothing was loaded or enriched since
    after = f"built_at > cast('{first_build}' as timestamp)"
    # fct_messages re-derives the conversations within the late-event lookback of the newest message (they
    # come out as built) and writes none of them: no model downstream has anything to rebuild
    for table in ("analytics_staging.int_events_sessionized", "analytics.fct_messages", "analytics.fct_sessions",
                  "analytics.dim_users", "analytics_staging.int_turns", "analytics_staging.int_user_intents",
                  "analytics_staging.int_active_user_days"):
        assert query(f"select count(*) from {table} where {after}") == [(0,)], table

    # Upstream, some intent assignments are deleted and not rewritten (a re-cluster under another
    # embedding model does that to messages without a vector for it): they must fall back to unclassified.
    with connect("duckdb", path=path) as wh:
        gone = [e for (e,) in wh.query("select event_id from enriched.message_intents order by event_id limit 25")]
        wh.execute("delete from enriched.message_intents where event_id in (select event_id from "
                   "enriched.message_intents order by event_id limit 25)")
    dbt(*RUN)
    listed = ", ".join(f"'{e}'" for e in gone)
    assert query(f"select distinct intent_id from analytics.fct_messages where event_id in ({listed})") == [
        ("unclassified",)]
    assert_a_full_refresh_gives_the_same_tables(dbt, query)


def test_the_lookback_rewrites_a_conversation_whose_rows_no_longer_match_their_inputs_only(tmp_path, demo_events):
    # A built row that no longer matches the inputs it records (as if it had been built from an earlier
    # enrichment, and the later one had slipped past the watermarks) is put right by the next run when its
    # conversation is within the lookback, and so is its session downstream; one older than the lookback
    # is left to a full refresh.
    path, dbt = warehouse_with_every_event(tmp_path, demo_events)
    dbt(*RUN)
    query = duckdb_query(path)
    [(first_build, newest)] = query("select max(built_at), max(message_at) from analytics.fct_messages")
    user_conversations = "select min(conversation_key) from analytics.fct_messages where role = 'user' and "
    # one with a user message in the newest 2 hours; one with no event in the newest 2 days (lookback: 1 day)
    [(inside,)] = query(user_conversations + f"message_at >= cast('{newest}' as timestamp) - interval 2 hour")
    [(outside,)] = query(
        user_conversations + "conversation_key not in (select conversation_key from "
        f"analytics_staging.int_events_sessionized where event_at >= cast('{newest}' as timestamp) - interval 2 day)"
    )
    assert inside and outside
    stale = "update analytics.{} set {} where conversation_key = '{}'"
    with connect("duckdb", path=path) as wh:
        for key in (inside, outside):
            stale_enrichment = "language = 'xx', enriched_at = enriched_at - interval 1 hour"
            wh.execute(stale.format("fct_messages", stale_enrichment, key))
            wh.execute(stale.format("fct_sessions", "language = 'xx'", key))
    dbt(*RUN)
    after = f"built_at > cast('{first_build}' as timestamp)"
    assert query(f"select distinct conversation_key from analytics.fct_messages where {after}") == [(inside,)]
    assert query(f"select distinct conversation_key from analytics.fct_sessions where {after}") == [(inside,)]
    [(sessions_outside,)] = query(f"select count(*) from analytics.fct_sessions where conversation_key = '{outside}'")
    assert query("select count(*) from analytics.fct_sessions where language = 'xx'") == [(sessions_outside,)]
    assert query("select distinct conversation_key from analytics.fct_messages where language = 'xx'") == [(outside,)]
    dbt(*RUN, "--full-refresh")
    assert query("select count(*) from analytics.fct_messages where language = 'xx'") == [(0,)]


def test_a_deleted_intent_is_found_when_an_assignment_for_an_unbuilt_message_balances_the_count(
    tmp_path, demo_events
):
    # fct_messages looks for deleted intent assignments only when its messages with an intent are no longer
    # exactly the assignments dated up to its newest one. Here the sizes still balance: one assignment is
    # deleted while another, staged by a subset run, belongs to a message not sessionized yet.
    path, dbt = warehouse_with_every_event(tmp_path, demo_events)
    dbt(*RUN)
    query = duckdb_query(path)
    [(built, unbuilt_source, lost)] = query(
        "select min(event_id), max(event_id), min(case when message_date < '2026-09-20' then event_id end) "
        "from analytics.fct_messages where role = 'user' and intent_id <> 'unclassified'")
    unbuilt = "zz-not-sessionized-yet"
    later = "timestamp '2026-11-05 00:00:00'"
    with connect("duckdb", path=path) as wh:
        wh.execute("insert into raw.events select * replace "
                   f"('{unbuilt}' as event_id, ingested_at + interval 1 day as ingested_at) "
                   f"from raw.events where event_id = '{unbuilt_source}'")
        # one enrichment batch: a built message re-assigned and the new one assigned, at the same instant
        wh.execute(f"update enriched.message_intents set assigned_at = {later} where event_id = '{built}'")
        wh.execute(f"insert into enriched.message_intents select * replace ('{unbuilt}' as event_id, "
                   f"{later} as assigned_at) from enriched.message_intents where event_id = '{built}'")
    dbt("run", "--select", "stg_enriched__message_intents+")  # staging and marts, not sessionization
    assert query(f"select count(*) from analytics.fct_messages where event_id = '{unbuilt}'") == [(0,)]

    with connect("duckdb", path=path) as wh:  # an old assignment deleted upstream, not rewritten
        wh.execute(f"delete from enriched.message_intents where event_id = '{lost}'")
    dbt(*RUN)
    assert query(f"select intent_id from analytics.fct_messages where event_id = '{lost}'") == [("unclassified",)]
    assert_a_full_refresh_gives_the_same_tables(dbt, query)


def test_a_load_read_while_it_was_still_committing_is_completed_by_the_next_run(tmp_path, demo_events):
    # One ingestion run stamps all its rows with one ingested_at but commits file by file, so a build can
    # read part of a load. Here a tenth of the load's messages commit only after the first build.
    path, dbt = warehouse_with_every_event(tmp_path, demo_events)
    late_commit = "event_type = 'message' and hash(event_id) % 10 = 0"
    with connect("duckdb", path=path) as wh:
        wh.execute(f"create table raw.late_commit as select * from raw.events where {late_commit}")
        wh.execute(f"delete from raw.events where {late_commit}")
    dbt(*RUN)
    query = duckdb_query(path)
    [(held_back,)] = query("select count(*) from raw.late_commit")
    assert held_back > 0 and query("select count(distinct ingested_at) from raw.events") == [(1,)]

    with connect("duckdb", path=path) as wh:
        wh.execute("insert into raw.events select * from raw.late_commit")
        wh.execute("drop table raw.late_commit")
    dbt(*RUN)
    assert query(
        "select count(*) from raw.events where event_id not in (select event_id from analytics.fct_messages) "
        "and event_type = 'message'"
    ) == [(0,)]
    assert_a_full_refresh_gives_the_same_tables(dbt, query)


def night_bot_message(event_id: str, conversation_id: str, user: int, at: datetime) -> dict:
    """A user message to an assistant of its own, 'night-bot', after the rest of the test data."""
    return {"event_type": "message", "event_id": event_id, "conversation_id": conversation_id,
            "assistant_id": "night-bot", "user_id": f"u-night-{user}", "role": "user",
            "timestamp": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "content": "I need to reset my password"}


# After the late messages: one build of everything, or fct_messages alone first, then the marts alone
# (from sessions not rebuilt yet), then everything.
SUBSET_RUNS = (
    ("run", "--select", "+fct_messages"),
    ("run", "--select", "mart_outcomes", "mart_outcomes_by_segment", "mart_dropoff", "mart_roi"),
)


@pytest.mark.parametrize("runs_before_the_build", [(), SUBSET_RUNS], ids=["build", "subsets-first"])
def test_a_week_that_late_messages_empty_loses_its_rows_in_the_period_marts(
        tmp_path, demo_events, runs_before_the_build):
    # The marts by week rebuild the weeks that rebuilt sessions span. Here five users of an assistant start
    # sessions on a Monday after the rest of the data; late messages from the Sunday night before move every
    # start into the previous week, so the Monday's week has no session left at all: its rows must go
    # (replacing only the weeks that the new rows fill would keep them). Taking the weeks from rebuilt
    # messages would also lose them when the marts run between fct_messages and fct_sessions.
    path, dbt = warehouse_with_every_event(tmp_path, demo_events)
    monday = datetime(2026, 10, 26, 0, 10, tzinfo=UTC)
    assert max(e["timestamp"] for e in demo_events.all) < "2026-10-25"

    users = range(5)  # min_group_users: a week of the assistant with these five users is published
    mondays = [night_bot_message(f"monday-{u}", f"monday-{u}", u, monday) for u in users]
    # and one user's message two weeks later (a week too small to publish), so the Monday is older than the
    # lookback: only the late messages have the Monday's conversations rebuilt
    mondays.append(night_bot_message("later", "later", 9, monday + timedelta(days=14)))
    load_and_enrich(path, mondays, tmp_path / "landing", "monday", datetime(2026, 11, 2, tzinfo=UTC))
    dbt(*RUN)
    query = duckdb_query(path)
    weeks = ("select distinct cast(week_start as varchar) from analytics.{} where assistant_id = 'night-bot' "
             "order by 1")
    for mart in ("mart_outcomes", "mart_outcomes_by_segment"):
        assert query(weeks.format(mart)) == [("2026-10-26",)], mart

    late = [night_bot_message(f"sunday-{u}", f"monday-{u}", u, monday - timedelta(minutes=20)) for u in users]
    load_and_enrich(path, late, tmp_path / "landing", "sunday", datetime(2026, 11, 3, tzinfo=UTC))
    for run in runs_before_the_build:
        dbt(*run)
    dbt(*RUN)
    for mart in ("mart_outcomes", "mart_outcomes_by_segment"):
        assert query(weeks.format(mart)) == [("2026-10-19",)], mart
    assert_a_full_refresh_gives_the_same_tables(dbt, query)


def test_a_late_burst_moves_the_spike_baseline_of_the_weeks_after_it(tmp_path, demo_events):
    # mart_governance scores each day against the days before it, so late messages on one day change the
    # z-scores of the weeks after it, which hold no rebuilt message: they are rebuilt too.
    path, dbt = warehouse_with_every_event(tmp_path, demo_events)
    first_day = datetime(2026, 10, 26, 9, 0, tzinfo=UTC)  # a Monday; three weeks of 5 to 7 users a day
    daily = [
        night_bot_message(f"day{d}-{u}", f"day{d}-{u}", u, first_day + timedelta(days=d, minutes=u))
        for d in range(21) for u in range(5 + d % 3)
    ]
    load_and_enrich(path, daily, tmp_path / "landing", "daily", datetime(2026, 11, 2, tzinfo=UTC))
    dbt(*RUN)
    query = duckdb_query(path)
    z_score = ("select max_daily_z_score from analytics.mart_governance where assistant_id = 'night-bot' "
               "and week_start = cast('2026-11-02' as date)")
    [(before,)] = query(z_score)

    burst_day = first_day + timedelta(days=2)  # in the first week, long before the lookback
    burst = [night_bot_message(f"burst-{i}", f"burst-{i}", i % 7, burst_day + timedelta(hours=2, minutes=i))
             for i in range(40)]
    load_and_enrich(path, burst, tmp_path / "landing", "burst", datetime(2026, 11, 3, tzinfo=UTC))
    dbt(*RUN)
    [(after,)] = query(z_score)
    assert before is not None and after < before  # the second week's days look less unusual now
    assert_a_full_refresh_gives_the_same_tables(dbt, query)


PERIOD_MARTS = ("mart_outcomes", "mart_outcomes_by_segment", "mart_dropoff", "mart_roi", "mart_governance")


def test_a_period_mart_built_before_it_had_built_at_is_rebuilt_whole(tmp_path, demo_events):
    # A warehouse from before the marts by period holds them as tables without built_at (here with a wrong
    # count, to see it replaced): the next incremental build adds the column and recomputes every period.
    # The same for int_active_user_days' newest columns: every user is rebuilt.
    path, dbt = warehouse_with_every_event(tmp_path, demo_events)
    dbt(*RUN)
    with connect("duckdb", path=path) as wh:
        for mart in PERIOD_MARTS:
            wh.execute(f"create or replace table analytics.{mart} as "
                       f"select * exclude (built_at) from analytics.{mart}")
            wh.execute(f"update analytics.{mart} set users = users + 1")
        # and int_active_user_days from before it carried each user's first and next active day
        wh.execute("alter table analytics_staging.int_active_user_days drop column first_activity_date")
        wh.execute("alter table analytics_staging.int_active_user_days drop column next_activity_date")
    dbt(*RUN)
    assert duckdb_query(path)("select count(*) from analytics_staging.int_active_user_days "
                              "where first_activity_date is null") == [(0,)]
    query = duckdb_query(path)
    for mart in PERIOD_MARTS:
        assert query(f"select count(*) from analytics.{mart} where built_at is null") == [(0,)], mart
    assert_a_full_refresh_gives_the_same_tables(dbt, query)


def assert_checked_on_what_the_latest_build_wrote(dbt, path, test, name, plant, age):
    """dbt `test` (its failing test named `name`) fails once `plant` (SQL) leaves a bad row among the rows the
    latest build wrote. Once `age` dates that row to an earlier build, the test leaves it to the build that
    wrote it and passes, and the whole-table run (key_tests_whole_table) still fails."""
    with connect("duckdb", path=path) as wh:
        wh.execute(plant)
    failed = dbt(*test, check=False)
    assert failed.returncode != 0 and name in failed.stdout

    with connect("duckdb", path=path) as wh:
        wh.execute(age)
    dbt(*test)
    assert dbt(*test, "--vars", "{key_tests_whole_table: true}", check=False).returncode != 0


def test_key_tests_find_a_new_row_whose_key_an_old_row_holds(tmp_path, demo_events):
    # The key tests of the big incremental tables check what the latest build wrote, against every row.
    path, dbt = warehouse_with_every_event(tmp_path, demo_events)
    dbt(*DBT_BUILD_ARGS)
    test = ("test", "--select", "fct_messages,test_name:unique_incremental")
    query = duckdb_query(path)
    [(oldest,)] = query("select min(event_id) from analytics.fct_messages")

    assert_checked_on_what_the_latest_build_wrote(
        dbt, path, test, "unique_incremental_fct_messages_event_id",
        # an old key written again, as if by a later build
        plant="insert into analytics.fct_messages select * replace (built_at + interval 1 day as built_at) "
              f"from analytics.fct_messages where event_id = '{oldest}'",
        # both copies older than the latest build
        age=f"update analytics.fct_messages set built_at = built_at - interval 2 day where event_id = '{oldest}'",
    )

    # the same for a composite key (unique_combination with written_at): an old turn written again
    combination = ("test", "--select", "int_turns,test_name:unique_combination")
    [(session_id,)] = query("select min(session_id) from analytics_staging.int_turns")
    with connect("duckdb", path=path) as wh:
        wh.execute("insert into analytics_staging.int_turns select * replace (built_at + interval 1 day as built_at) "
                   f"from analytics_staging.int_turns where session_id = '{session_id}' order by turn_index limit 1")
    failed = dbt(*combination, check=False)
    assert failed.returncode != 0 and "unique_combination_int_turns_session_id__turn_index" in failed.stdout


def test_relationship_tests_find_an_orphan_among_the_rows_the_latest_build_wrote(tmp_path, demo_events):
    # fct_messages' session must exist in fct_sessions (its user in dim_users, by the same test): checked on
    # the rows a build wrote.
    path, dbt = warehouse_with_every_event(tmp_path, demo_events)
    dbt(*DBT_BUILD_ARGS)
    test = ("test", "--select", "fct_messages,test_name:relationships_incremental")
    query = duckdb_query(path)
    [(event_id,)] = query("select min(event_id) from analytics.fct_messages where role = 'user'")
    dbt(*test)

    update = "update analytics.fct_messages set {} where event_id = '" + event_id + "'"
    assert_checked_on_what_the_latest_build_wrote(
        dbt, path, test, "relationships_incremental_fct_messages_session_id",
        plant=update.format("session_id = 'no-such-session'"),  # a row of the latest build pointing at no session
        age=update.format("built_at = built_at - interval 1 day"),  # the same row, written by an earlier build
    )


@pytest.mark.parametrize(
    ("source", "stamp", "staging", "key_test"),
    [
        # the enrichment sources' key tests look up the ids staging read in the running build (it keeps
        # the latest row of each id)
        ("enriched.message_signals", "enriched_at", "stg_enriched__message_signals",
         "source_unique_incremental_enriched_message_signals_event_id"),
        # raw.events' looks up the ids of the rows staging has not read yet (it keeps the first row of each)
        ("raw.events", "ingested_at", "stg_raw__events", "source_unique_unread_raw_events_event_id"),
    ],
    ids=["signals", "raw-events"],
)
def test_a_source_row_written_again_for_an_old_id_warns_in_the_build_that_reads_it(
    tmp_path, demo_events, source, stamp, staging, key_test
):
    # A second row for an id written long ago is found by the key test in proportion to the build, not only
    # by a whole-table test; staging still keeps one row per id, so the test warns.
    path, dbt = warehouse_with_every_event(tmp_path, demo_events)
    dbt(*DBT_BUILD_ARGS)
    assert f"WARN 1 {key_test}" not in dbt(*DBT_BUILD_ARGS).stdout  # nothing new
    [(oldest,)] = duckdb_query(path)(f"select min(event_id) from {source}")
    with connect("duckdb", path=path) as wh:
        wh.execute(f"insert into {source} select * replace ({stamp} + interval 1 day as {stamp}) "
                   f"from {source} where event_id = '{oldest}'")
    assert f"WARN 1 {key_test}" in dbt(*DBT_BUILD_ARGS).stdout
    assert duckdb_query(path)(
        f"select count(*) from analytics_staging.{staging} where event_id = '{oldest}'") == [(1,)]
