{#
    `unique` for a big incremental table, checked in proportion to what a build wrote: every key of the
    rows that the `dbt build` (or `dbt run`) running this test wrote into the model, or under `dbt test`
    the rows the model's latest build wrote (`written_at` = built_at), is looked up in the whole table, so a
    duplicate that involves one of those rows is found whether its twin is new or old. Older rows were
    checked by the build that wrote them; a build that wrote nothing has nothing to check.

    The whole table is checked on `dbt build --full-refresh`, and on any run with
    `--vars '{key_tests_whole_table: true}'`. Keys that a build writes and its test then finds twice stay
    in the table (dbt tests run after the model), and the next build checks only what it writes, so it
    can pass with them still there: fix the cause, then rebuild the model and its children with
    --full-refresh, which checks every row again.

    Measured at 5M events: `unique` read the whole table, 0.4-0.5 s per table on every build; this test
    still reads every key once for the lookup (docs/performance.md).
#}
{% test unique_incremental(model, column_name, written_at='built_at') %}

{%- set whole_table = flags.FULL_REFRESH or var('key_tests_whole_table') %}
{#- In a `dbt build` or `dbt run` that built the model, what this invocation wrote (nothing, when the build
    had nothing new); otherwise, as under `dbt test`, what the model's latest build wrote. -#}
{%- set built_now = flags.WHICH in ('build', 'run')
    and ('model.' ~ project_name ~ '.' ~ model.identifier) in selected_resources %}
{%- set written = none %}
{%- if execute and not whole_table %}
    {%- set written = run_started_at if built_now else newest_value(written_at, model) %}
{%- endif %}

select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
{%- if written is not none %}
    and {{ column_name }} in (  {# a literal below: the engine skips the blocks written before it #}
        select {{ column_name }}
        from {{ model }}
        where {{ written_at }} = {{ timestamp_literal(written) }}
    )
{%- endif %}
group by {{ column_name }}
having count(*) > 1

{% endtest %}
