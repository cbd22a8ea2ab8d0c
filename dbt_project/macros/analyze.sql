{#
    Planner statistics on PostgreSQL. Tables dbt creates (and tables Python just loaded) have none until
    autovacuum gets to them, and without them PostgreSQL guesses a few dozen rows per table and picks
    nested-loop joins that turn a seconds-long build into minutes (measured: fct_messages 210 s instead
    of ~2 s on 16k events). DuckDB needs nothing: both macros render to nothing there.
#}

{# A post-hook for a model: `post_hook="{{ analyze_relation(this) }}"`. #}
{% macro analyze_relation(relation) -%}
    {{ return(adapter.dispatch('analyze_relation', 'parley')(relation)) }}
{%- endmacro %}

{% macro default__analyze_relation(relation) -%}
{%- endmacro %}

{% macro postgres__analyze_relation(relation) -%}
    analyze {{ relation }}
{%- endmacro %}

{# on-run-start: refresh statistics of every source table (cheap: ANALYZE samples at most 30,000 rows;
   a table the dbt user may not analyze is skipped with a warning, not an error). #}
{% macro analyze_sources() -%}
    {{ return(adapter.dispatch('analyze_sources', 'parley')()) }}
{%- endmacro %}

{% macro default__analyze_sources() -%}
{%- endmacro %}

{% macro postgres__analyze_sources() -%}
    {%- if execute -%}
        {%- for source in graph.sources.values() if source.package_name == 'parley' -%}
            analyze {{ source.schema }}.{{ source.name }};
        {% endfor -%}
    {%- endif -%}
{%- endmacro %}

{#
    A pre-hook for every model on PostgreSQL: no nested-loop joins while building it. Parley's tables have
    no indexes, so a nested loop is never an index lookup, only a scan repeated per row; and PostgreSQL
    estimates a filter on a window result (`row_number() ... = 1`, used throughout to pick the first or
    latest row) at 0.5% of the rows, which leads it to choose them anyway. Measured on 16k events:
    fct_sessions 5.6 s and mart_adoption_daily 2.7 s with nested loops. `set local` lasts until the
    model's transaction ends. Renders to nothing on DuckDB.
#}
{% macro no_nested_loops() -%}
    {{ return(adapter.dispatch('no_nested_loops', 'parley')()) }}
{%- endmacro %}

{% macro default__no_nested_loops() -%}
{%- endmacro %}

{% macro postgres__no_nested_loops() -%}
    set local enable_nestloop = off
{%- endmacro %}
