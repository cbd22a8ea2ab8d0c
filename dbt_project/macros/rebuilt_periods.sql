{#
    Marts incremental by period. A mart whose every row depends only on the sessions (or messages) of one
    period, a week or a month of their date, is rebuilt a period at a time: a run recomputes the periods
    whose input rows its inputs rebuilt since the mart's last build (built_at), deletes the mart's rows of
    those periods and inserts the new ones. Inputs (config `rebuilt_from`):
      - fct_sessions: the periods of every day a rebuilt session spans. fct_sessions replaces whole
        conversations and events are only ever added, so every session a rebuild deleted started at a
        user message that now belongs to one of the conversation's rebuilt sessions, within its span:
        the periods cover where each old session started as well as where each new one starts.
      - fct_messages: the periods of the rebuilt messages (whole conversations, old messages included).
    A mart reading only fct_sessions takes its periods from fct_sessions alone, so it stays exact even
    when fct_messages was rebuilt in a run that did not rebuild fct_sessions (a selected subset).
    The delete takes every such period, not only those the new rows fill, so a period that a late
    message emptied (its only session now starts a week earlier, or its users fell below
    min_group_users) loses its old rows too.

    Usage, in a mart with a period column `week_start` and a `built_at` column:
        config(materialized='incremental', incremental_strategy='replace_periods',
               unique_key='week_start', rebuilt_period='week', rebuilt_from=['fct_sessions'],
               on_schema_change='append_new_columns')
        -- depends_on: {{ ref('dim_date') }}
        ... from {{ ref('fct_sessions') }} where {{ in_rebuilt_periods('session_date') }}
    A mart whose rows also look back at earlier periods (mart_governance's trailing baseline) sets
    `rebuild_later_periods=true`: every period from the earliest to rebuild on is rebuilt.
    A warehouse whose mart was a table without built_at gains the column and rebuilds every period once.
    (On Spark or BigQuery the same is an insert_overwrite of the periods' partitions.)
#}

{# The start of each period to rebuild (`datepart` 'week' or 'month'), as a subquery of one column. #}
{% macro rebuilt_periods(datepart) -%}
    {%- set built_since = watermark('built_at') -%}
    {%- for input in config.require('rebuilt_from') %}
    {%- if input == 'fct_sessions' %}
    select cast({{ dbt.date_trunc(datepart, 'dates.date_day') }} as date) as period_start
    from {{ ref('fct_sessions') }} as sessions
    inner join {{ ref('dim_date') }} as dates
        on dates.date_day >= sessions.session_date
        and dates.date_day <= cast(sessions.session_end_at as date)
    where sessions.built_at > {{ built_since }}
    {%- elif input == 'fct_messages' %}
    select cast({{ dbt.date_trunc(datepart, 'message_date') }} as date) as period_start
    from {{ ref('fct_messages') }}
    where built_at > {{ built_since }}
    {%- else %}
    {{ exceptions.raise_compiler_error("rebuilt_from takes fct_sessions and fct_messages, not " ~ input) }}
    {%- endif %}
    {%- if not loop.last %}
    union
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{# The first period to rebuild (NULL when there is none), as a scalar subquery. #}
{% macro first_rebuilt_period() -%}
    (select min(period_start) from ({{ rebuilt_periods(config.require('rebuilt_period')) }}) as rebuilt)
{%- endmacro %}

{# The condition that `period_column` (a period start) is a period to rebuild. #}
{% macro is_rebuilt_period(period_column) -%}
    {%- if config.get('rebuild_later_periods') -%}
        {{ period_column }} >= {{ first_rebuilt_period() }}
    {%- else -%}
        {{ period_column }} in ({{ rebuilt_periods(config.require('rebuilt_period')) }})
    {%- endif -%}
{%- endmacro %}

{# A filter on the mart's input: `date_column` falls in a period to rebuild (true in a full build). #}
{% macro in_rebuilt_periods(date_column) -%}
    {%- if is_incremental() -%}
        {{ is_rebuilt_period(
            'cast(' ~ dbt.date_trunc(config.require('rebuilt_period'), date_column) ~ ' as date)'
        ) }}
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}

{# The incremental strategy: replace the rows of the periods to rebuild (unique_key = the period column). #}
{% macro get_incremental_replace_periods_sql(arg_dict) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }}
    where {{ is_rebuilt_period(arg_dict['unique_key']) }};
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
