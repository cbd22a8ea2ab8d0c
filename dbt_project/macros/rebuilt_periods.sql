{#
    Marts incremental by period. A mart whose every row depends only on the sessions (or messages) of one
    period, a week or a month of their date, is rebuilt a period at a time: a run recomputes the periods
    that hold a message fct_messages rebuilt since the mart's last build (built_at), deletes the mart's
    rows of those periods and inserts the new ones.

    That covers every period whose rows can have changed. fct_messages and fct_sessions rebuild whole
    conversations, and events are only ever added, so a rebuilt conversation still holds every message it
    held before: the period a session of it started in before the rebuild is the period of one of those
    messages, as is the period it starts in now. The delete takes every such period, not only those the
    new rows fill, so a period that a late message emptied (its only session now starts a week earlier,
    or its users fell below min_group_users) loses its old rows too.

    Usage, in a mart with a period column `week_start` and a `built_at` column:
        config(materialized='incremental', incremental_strategy='replace_periods',
               unique_key='week_start', rebuilt_period='week', on_schema_change='append_new_columns')
        ... from {{ ref('fct_sessions') }} where {{ in_rebuilt_periods('session_date') }}
    A mart whose rows also look back at earlier periods (mart_governance's trailing baseline) sets
    `rebuild_later_periods=true`: every period from the earliest with a rebuilt message on is rebuilt.
    A warehouse whose mart was a table without built_at gains the column and rebuilds every period once.
    (On Spark or BigQuery the same is an insert_overwrite of the periods' partitions.)
#}

{# The start of each period to rebuild (`datepart` 'week' or 'month'), as a subquery of one column. #}
{% macro rebuilt_periods(datepart) -%}
    select distinct cast({{ dbt.date_trunc(datepart, 'message_date') }} as date) as period_start
    from {{ ref('fct_messages') }}
    where built_at > {{ watermark('built_at') }}
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
