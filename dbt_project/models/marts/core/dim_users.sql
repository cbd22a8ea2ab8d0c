{#
    Users as Parley sees them: pseudonymous ids, first and last activity, and the latest value of each
    user property (the newest event that carried it; properties are optional on every event).
#}
{% set properties = ['department', 'region', 'country', 'locale', 'job_role'] %}

with events as (

    select * from {{ ref('stg_raw__events') }}

),

activity as (

    select
        user_id,
        min(event_at) as first_seen_at,
        max(event_at) as last_seen_at,
        count(distinct assistant_id) as assistants_used
    from events
    group by user_id

),

session_counts as (

    select
        user_id,
        count(*) as sessions
    from {{ ref('fct_sessions') }}
    group by user_id

),

first_assistant as (

    select user_id, assistant_id as first_assistant_id
    from (
        select
            user_id,
            assistant_id,
            row_number() over (partition by user_id order by session_start_at, session_id) as session_rank
        from {{ ref('fct_sessions') }}
    ) as ranked
    where session_rank = 1

),

{% for property in properties %}
latest_{{ property }} as (

    select user_id, {{ property }}
    from (
        select
            user_id,
            {{ property }},
            row_number() over (partition by user_id order by event_at desc, event_id desc) as recency
        from events
        where {{ property }} is not null
    ) as ranked
    where recency = 1

),

{% endfor %}

final as (

    select
        activity.user_id,
        activity.first_seen_at,
        activity.last_seen_at,
        activity.assistants_used,
        first_assistant.first_assistant_id,
        coalesce(session_counts.sessions, 0) as sessions,
        {% for property in properties %}
        latest_{{ property }}.{{ property }}{{ ',' if not loop.last }}
        {% endfor %}
    from activity
    left join session_counts on activity.user_id = session_counts.user_id
    left join first_assistant on activity.user_id = first_assistant.user_id
    {% for property in properties %}
    left join latest_{{ property }} on activity.user_id = latest_{{ property }}.user_id
    {% endfor %}

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
    cast({{ property }} as {{ dbt.type_string() }}) as {{ property }}{{ ',' if not loop.last }}
    {% endfor %}
from final
