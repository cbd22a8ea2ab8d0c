{#
    For the key tests of big incremental tables (tests/generic/: unique_incremental, unique_combination):
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

{#
    The key tests' query: the groups of `model`'s rows by `columns` that hold more than one row. With
    `keys_where`, only the groups whose first column holds a value of the rows of `keys_from` (default
    `model`) that match it, e.g. `built_at = <this run>`: those values are joined, not looked up with
    `in (...)`, so the engine reads only the blocks that can hold them (DuckDB at 5M: 0.05 s instead of
    0.2 s a test), and a duplicate that involves such a row is found whether its twin is new or old. A
    NULL first column never joins; without `keys_where`, `skip_nulls` leaves such rows out, as `unique` does.
#}
{% macro duplicate_keys(model, columns, keys_where=none, keys_from=none, skip_nulls=false) %}
{%- set lookup = columns[0] %}
select
    {% for column in columns %}checked.{{ column }}, {% endfor %}
    count(*) as n_rows
from {{ model }} as checked
{%- if keys_where is not none %}
inner join (  {# a literal in keys_where: the engine skips the blocks written before it #}
    select distinct {{ lookup }}
    from {{ keys_from if keys_from is not none else model }}
    where {{ keys_where }}
) as keys
    on checked.{{ lookup }} = keys.{{ lookup }}  {# a `where ... is not null` here would read every key again #}
{%- elif skip_nulls %}
where checked.{{ lookup }} is not null
{%- endif %}
group by {% for column in columns %}checked.{{ column }}{{ ', ' if not loop.last }}{% endfor %}
having count(*) > 1
{% endmacro %}
