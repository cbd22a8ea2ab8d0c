-- depends_on: {{ ref('int_events_sessionized') }}
{#
    Users as Parley sees them: pseudonymous ids, first and last activity, and the latest value of each
    user property (the newest event that carried it; properties are optional on every event).

    Incremental by user: a run rebuilds, from the user's whole history, every user with events that
    int_events_sessionized or sessions that fct_sessions (re)built since this model's last build
    (built_at).
#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='user_id',
        on_schema_change='fail'
    )
}}
{% set properties = ['department', 'region', 'country', 'locale', 'job_role'] %}

{% if is_incremental() %}{% set built_since = watermark('built_at') %}{% endif %}
with {% if is_incremental() %}changed_users as (

    select user_id
    from {{ ref('int_events_sessionized') }}
    where built_at > {{ built_since }}
    union all
    select user_id
    from {{ ref('fct_sessions') }}
    where built_at > {{ built_since }}

),

{% endif %}events as (

    select * from {{ ref('stg_raw__events') }}
    {% if is_incremental() %}
    where user_id in (select user_id from changed_users)
    {% endif %}

),

sessions as (

    select * from {{ ref('fct_sessions') }}
    {% if is_incremental() %}
    where user_id in (select user_id from changed_users)
    {% endif %}

),

activity as (

    select
        user_id,
        min(event_at) as first_seen_at,
        max(event_at) as last_seen_at,
        count(distinct assistant_id) as assistants_used,
        max(ingested_at) as last_ingested_at,
        {% for property in properties %}
        {{ latest_value(property, ['event_at', 'event_id']) }} as {{ property }}{{ ',' if not loop.last }}
        {% endfor %}
    from events
    group by user_id

),

session_counts as (

    select
        user_id,
        count(*) as sessions,
        {{ earliest_value('assistant_id', ['session_start_at', 'session_id']) }} as first_assistant_id
    from sessions
    group by user_id

),

final as (

    select
        activity.*,
        session_counts.first_assistant_id,
        coalesce(session_counts.sessions, 0) as sessions
    from activity
    left join session_counts on activity.user_id = session_counts.user_id

)

select
    cast(user_id as {{ dbt.type_string() }}) as user_id,
    cast(first_seen_at as {{ dbt.type_timestamp() }}) as first_seen_at,
    cast(last_seen_at as {{ dbt.type_timestamp() }}) as last_seen_at,
    cast(first_seen_at as date) as first_seen_date,
    cast(assistants_used as {{ dbt.type_bigint() }}) as assistants_used,
    cast(first_assistant_id as {{ dbt.type_string() }}) as first_assistant_id,
    cast(sessions as {{ dbt.type_bigint() }}) as sessions,
    {% for property in properties %}
    cast({{ property }} as {{ dbt.type_string() }}) as {{ property }},
    {% endfor %}
    cast(last_ingested_at as {{ dbt.type_timestamp() }}) as last_ingested_at,
    {{ run_started_timestamp() }} as built_at
from final
