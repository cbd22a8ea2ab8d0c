{#
    The bookkeeping of incremental models: each stamps the rows it (re)built with `built_at` (the run's
    start), and reads from upstream only what was written after the newest row it already holds.
#}

{# The moment this dbt invocation started (UTC), as a timestamp literal: marks the rows a run rebuilt. #}
{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{# A timestamp older than any row: the watermark of an empty table, and the sort value of a missing one. #}
{% macro epoch_timestamp() -%}
    cast('1900-01-01' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{# The newest `column` this incremental model already holds (epoch_timestamp() while it is empty), as a
   scalar subquery: `where upstream.built_at > {{ watermark('built_at') }}`. #}
{% macro watermark(column) -%}
    (select coalesce(max({{ column }}), {{ epoch_timestamp() }}) from {{ this }})
{%- endmacro %}
