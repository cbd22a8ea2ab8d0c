{#
    The bookkeeping of incremental models: each stamps the rows it (re)built with `built_at` (the run's
    start), and reads from upstream only what was written after the newest row it already holds.
#}

{# The moment this dbt invocation started (UTC), as a timestamp literal: marks the rows a run rebuilt. #}
{% macro run_started_timestamp() -%}
    {{ timestamp_literal(run_started_at) }}
{%- endmacro %}

{# A timestamp older than any row: the watermark of an empty table, and the sort value of a missing one. #}
{% macro epoch_timestamp() -%}
    cast('1900-01-01' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{# The newest `column` this incremental model already holds (epoch_timestamp() while it is empty), read
   when the model is compiled (just before it runs) and written into its SQL as a literal:
   `where upstream.built_at > {{ watermark('built_at') }}`. A literal, not a subquery, so the engine can
   skip every block of the upstream table older than the watermark (DuckDB's zone maps, a PostgreSQL
   range estimate) instead of reading the whole table to compare each row with a subquery's result. #}
{% macro watermark(column) -%}
    {%- set newest = newest_value(column, this) -%}
    {%- if newest is none -%}
        {{ epoch_timestamp() }}
    {%- else -%}
        {{ timestamp_literal(newest) }}
    {%- endif -%}
{%- endmacro %}

{# The newest `column` of `relation` as a Python value, queried now: none at parse time, when the table is
   empty, and when it has no such column yet (a table built before the column existed, which an
   append_new_columns model gains on this run: everything upstream is then read again). #}
{% macro newest_value(column, relation) -%}
    {%- if execute and holds_column(relation, column) -%}
        {{ return(run_query('select max(' ~ column ~ ') from ' ~ relation).columns[0].values()[0]) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{# Whether `relation` has `column` (case-insensitive), asked now. #}
{% macro holds_column(relation, column) -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {{ return(column | lower in names) }}
{%- endmacro %}

{# A Python datetime (as run_query returns it) as a SQL timestamp, to the microsecond. #}
{% macro timestamp_literal(value) -%}
    cast('{{ value.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#
    A condition on `alias`, a row of `upstream`, true for the rows this incremental model has not read yet:
    rows loaded since the newest load it holds (unread_since) whose `key` it does not hold.
#}
{% macro unread(alias, upstream, column, key) -%}
    {%- set since = unread_since(upstream, this, column) -%}
    {{ alias }}.{{ column }} {{ since if since is not none else '>= ' ~ epoch_timestamp() }}
    and not exists (select 1 from {{ this }} as already_read where already_read.{{ key }} = {{ alias }}.{{ key }})
{%- endmacro %}

{#
    Which rows of `upstream` `reader` has not read yet, as a comparison for `column` (a load timestamp the
    reader copies from upstream, such as ingested_at): "> newest" or ">= newest", with the newest load the
    reader holds; none while it holds none (and at parse time). Upstream rows are appended, never changed;
    a load stamps all its rows with one timestamp but may commit them in several steps, so the rows at the
    newest load may be only partly read. They are read again (>=) unless the reader holds as many rows of
    that load as upstream does: then nothing there is missing (its rows there are distinct keys taken from
    upstream's rows there), and `>` keeps the whole previous load (the whole history, after a first big
    load) out of the comparison. `recheck_newest` always takes the newest load again.
#}
{% macro unread_since(upstream, reader, column, recheck_newest=false) -%}
    {%- set newest = newest_value(column, reader) -%}
    {%- if newest is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set newest = timestamp_literal(newest) -%}
    {%- set all_read = false -%}
    {%- if not recheck_newest -%}
        {%- set counts = run_query(
            'select (select count(*) from ' ~ upstream ~ ' where ' ~ column ~ ' = ' ~ newest ~ '),'
            ~ ' (select count(*) from ' ~ reader ~ ' where ' ~ column ~ ' = ' ~ newest ~ ')'
        ).rows[0] -%}
        {%- set all_read = counts[0] == counts[1] -%}
    {%- endif -%}
    {{ return(('>' if all_read else '>=') ~ ' ' ~ newest) }}
{%- endmacro %}
