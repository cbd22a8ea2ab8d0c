{#
    Aggregates: the value of `column` on the row that sorts last (latest_value) or first (earliest_value)
    by `order_columns` (a list; later columns break ties), among the group's rows where `column` is not
    NULL. One pass of a GROUP BY instead of a window that ranks every row and a filter on the rank.

        select user_id, {{ latest_value('department', ['event_at', 'event_id']) }} as department
        from events group by user_id
#}
{% macro latest_value(column, order_columns) -%}
    {{ return(adapter.dispatch('value_at_end', 'parley')(column, order_columns, 'last')) }}
{%- endmacro %}

{% macro earliest_value(column, order_columns) -%}
    {{ return(adapter.dispatch('value_at_end', 'parley')(column, order_columns, 'first')) }}
{%- endmacro %}

{# DuckDB: arg_max / arg_min, ordering on a row value (compared column by column). #}
{% macro duckdb__value_at_end(column, order_columns, end) -%}
    {{ 'arg_max' if end == 'last' else 'arg_min' }}({{ column }}, ({{ order_columns | join(', ') }}))
        filter (where {{ column }} is not null)
{%- endmacro %}

{# PostgreSQL and engines with ordered array_agg and FILTER: the first element of the sorted values.
   Engines without them (Snowflake, BigQuery, Spark) need their own `<adapter>__value_at_end`, e.g. max_by. #}
{% macro default__value_at_end(column, order_columns, end) -%}
    {%- set direction = ' desc' if end == 'last' else '' -%}
    (array_agg({{ column }} order by {{ order_columns | join(direction ~ ', ') ~ direction }})
        filter (where {{ column }} is not null))[1]
{%- endmacro %}
