{{
    config(
        materialized='incremental',
        incremental_strategy='replace_periods',
        unique_key='week_start',
        rebuilt_period='week',
        rebuilt_from=['fct_sessions'],
        on_schema_change='append_new_columns'
    )
}}

-- depends_on: {{ ref('dim_date') }}
{#
    Session outcomes per ISO week (UTC, of the session start), assistant, first intent and language.
    (intent, language) cells with fewer than min_group_users users are folded into ('(other)', '(other)').
    Incremental by week: a run recomputes the weeks a rebuilt session spans (macros/rebuilt_periods.sql).
#}
with sessions as (

    select
        cast({{ dbt.date_trunc('week', 'session_date') }} as date) as week_start,
        assistant_id,
        coalesce(first_intent_id, 'unclassified') as intent_id,
        language,
        user_id,
        outcome,
        has_rephrase,
        feedback_count,
        feedback_score
    from {{ ref('fct_sessions') }}
    where {{ in_rebuilt_periods('session_date') }}

),

published as (

    select *
    from {{ fold_small_groups('sessions', ['week_start', 'assistant_id'], ['intent_id', 'language']) }} as folded

),

aggregated as (

    select
        sessions.week_start,
        sessions.assistant_id,
        published.published_intent_id as intent_id,
        published.published_language as language,
        count(distinct sessions.user_id) as users,
        {{ session_outcome_counts('sessions') }}
    from sessions
    inner join published
        on sessions.week_start = published.week_start
        and sessions.assistant_id = published.assistant_id
        and sessions.intent_id = published.intent_id
        and sessions.language = published.language
    group by sessions.week_start, sessions.assistant_id, published.published_intent_id, published.published_language

)

select
    cast(week_start as date) as week_start,
    cast(assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(intent_id as {{ dbt.type_string() }}) as intent_id,
    cast(language as {{ dbt.type_string() }}) as language,
    {{ session_outcome_count_columns() }}
    {{ session_outcome_rates() }},
    {{ run_started_timestamp() }} as built_at
from aggregated
