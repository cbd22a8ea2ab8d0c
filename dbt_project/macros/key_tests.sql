{#
    For the key tests of big incremental tables (tests/generic/unique_incremental.sql, unique_combination):
    the `written_at` value (built_at) of the rows to check, as a Python datetime, or none to check the
    whole table. In a `dbt build` or `dbt run` that built `writer`, this invocation's start (the rows it
    wrote; none when it had nothing new); otherwise, as under `dbt test`, the newest value in `writer`
    (what its latest build wrote). None on `--full-refresh`, with `--vars '{key_tests_whole_table: true}'`,
    and at parse time.
#}
{% macro key_test_written_at(writer, written_at) %}
    {%- if not execute or flags.FULL_REFRESH or var('key_tests_whole_table') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set built_now = flags.WHICH in ('build', 'run')
        and ('model.' ~ project_name ~ '.' ~ writer.identifier) in selected_resources -%}
    {{ return(run_started_at if built_now else newest_value(written_at, writer)) }}
{% endmacro %}
