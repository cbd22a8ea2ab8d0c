{{
    config(
        materialized='incremental',
        incremental_strategy='replace_periods',
        unique_key='month_start',
        rebuilt_period='month',
        rebuilt_from=['fct_sessions'],
        on_schema_change='append_new_columns'
    )
}}

-- depends_on: {{ ref('dim_date') }}
{#
    Where sessions that failed or were abandoned ended, per month (UTC, of the session start) and
    assistant, as two distributions in one long table: by the index of the last turn (breakdown
    'last_turn_index', buckets '1', '2', ... up to '<dropoff_max_turn>+') and by the intent of the last
    user message (breakdown 'last_intent_id'). Buckets with fewer than min_group_users users are folded
    into '(other)'. Incremental by month: a run recomputes the months a rebuilt session
    spans (macros/rebuilt_periods.sql).
#}
{% set max_turn = var('dropoff_max_turn') %}

with ended as (

    select
        cast({{ dbt.date_trunc('month', 'session_date') }} as date) as month_start,
        assistant_id,
        user_id,
        outcome,
        last_turn_index,
        coalesce(last_intent_id, 'unclassified') as last_intent_id
    from {{ ref('fct_sessions') }}
    where outcome in ('failure', 'abandoned')
        and {{ in_rebuilt_periods('session_date') }}

),

members as (

    select
        month_start,
        assistant_id,
        'last_turn_index' as breakdown,
        case
            when last_turn_index >= {{ max_turn }} then '{{ max_turn }}+'
            else cast(last_turn_index as {{ dbt.type_string() }})
        end as bucket,
        least(last_turn_index, {{ max_turn }}) as turn_order,
        user_id,
        outcome
    from ended
    union all
    select
        month_start,
        assistant_id,
        'last_intent_id' as breakdown,
        last_intent_id as bucket,
        cast(null as {{ dbt.type_bigint() }}) as turn_order,
        user_id,
        outcome
    from ended

),

published as (

    select *
    from {{ fold_small_groups('members', ['month_start', 'assistant_id', 'breakdown'], ['bucket']) }} as folded

),

aggregated as (

    select
        members.month_start,
        members.assistant_id,
        members.breakdown,
        published.published_bucket as bucket,
        case when published.published_bucket = '(other)' then null else min(members.turn_order) end as turn_order,
        count(*) as ended_sessions,
        count(case when members.outcome = 'failure' then 1 end) as failure_sessions,
        count(case when members.outcome = 'abandoned' then 1 end) as abandoned_sessions,
        count(distinct members.user_id) as users
    from members
    inner join published
        on members.month_start = published.month_start
        and members.assistant_id = published.assistant_id
        and members.breakdown = published.breakdown
        and members.bucket = published.bucket
    group by members.month_start, members.assistant_id, members.breakdown, published.published_bucket

),

ordered as (

    select
        aggregated.*,
        sum(ended_sessions) over (partition by month_start, assistant_id, breakdown) as breakdown_sessions,
        -- Turns in turn order; intents from most to fewest sessions; '(other)' always last.
        row_number() over (
            partition by month_start, assistant_id, breakdown
            order by
                case when bucket = '(other)' then 1 else 0 end,
                turn_order nulls last,
                ended_sessions desc,
                {{ dbt.hash('bucket') }}
        ) as bucket_order
    from aggregated

)

select
    cast(ordered.month_start as date) as month_start,
    cast(ordered.assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(ordered.breakdown as {{ dbt.type_string() }}) as breakdown,
    cast(ordered.bucket as {{ dbt.type_string() }}) as bucket,
    cast(
        case
            when ordered.breakdown = 'last_intent_id' and ordered.bucket <> '(other)'
                then coalesce(intents.intent_label, ordered.bucket)
            else ordered.bucket
        end as {{ dbt.type_string() }}
    ) as bucket_label,
    cast(ordered.bucket_order as {{ dbt.type_bigint() }}) as bucket_order,
    cast(ordered.ended_sessions as {{ dbt.type_bigint() }}) as ended_sessions,
    cast(ordered.failure_sessions as {{ dbt.type_bigint() }}) as failure_sessions,
    cast(ordered.abandoned_sessions as {{ dbt.type_bigint() }}) as abandoned_sessions,
    cast(ordered.users as {{ dbt.type_bigint() }}) as users,
    {{ rate('ordered.ended_sessions', 'ordered.breakdown_sessions') }} as share_of_ended_sessions,
    {{ run_started_timestamp() }} as built_at
from ordered
left join {{ ref('dim_intents') }} as intents
    on ordered.breakdown = 'last_intent_id'
    and ordered.bucket = intents.intent_id
