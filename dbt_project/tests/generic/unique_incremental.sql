{#
    `unique` for a big incremental table, checked in proportion to what a build wrote: every key of the
    rows that the `dbt build` (or `dbt run`) running this test wrote into the model, or under `dbt test`
    the rows the model's latest build wrote (`written_at` = built_at), is looked up in the whole table, so a
    duplicate that involves one of those rows is found whether its twin is new or old. Older rows were
    checked by the build that wrote them; a build that wrote nothing has nothing to check.

    On a source, which has no built_at, `written_by` names the incremental model that reads it (e.g.
    `ref('stg_enriched__message_signals')`): the keys that model wrote are looked up in the source. Only
    for a model that reads every source row written since its newest one, later copies of a key it holds
    included, and rewrites that key: each source row is then checked once, in the build that reads it.
    (Not raw.events: its staging model keeps the first copy of an id and never reads a later one.) The
    test runs after that model.

    The whole table is checked on `dbt build --full-refresh`, and on any run with
    `--vars '{key_tests_whole_table: true}'`. Keys that a build writes and its test then finds twice stay
    in the table (dbt tests run after the model), and the next build checks only what it writes, so it
    can pass with them still there: fix the cause, then rebuild the model and its children with
    --full-refresh, which checks every row again.

    Measured at 5M events: `unique` read the whole table, 0.4-0.5 s per table on every build; this test
    about 0.05 s (duplicate_keys in macros/key_tests.sql, docs/performance.md).
#}
{% test unique_incremental(model, column_name, written_at='built_at', written_by=none) %}

{%- set writer = written_by if written_by is not none else model %}
{%- set written = key_test_written_at(writer, written_at) %}
{{ duplicate_keys(
    model, [column_name], keys_from=writer, skip_nulls=true,
    keys_where=(written_at ~ ' = ' ~ timestamp_literal(written)) if written is not none else none
) }}

{% endtest %}
