{#
    One row per UTC day, assistant and user who was active that day (sent the assistant at least one
    message in a session): the adoption and retention marts count users from here, so they read one
    row per active user-day instead of every message.

    Incremental by user: a run rebuilds, from the user's whole history, every user with messages that
    fct_messages or sessions that fct_sessions (re)built since this model's last build (built_at). A
    rebuilt conversation can move a session's start or a message's session, so the user's days are
    recomputed whole, never patched. Because of that, each row can also carry the user's first day with
    the assistant and their next active day, which mart_adoption_daily would otherwise compute over every
    row on every build. A table built before those columns existed gains them and has every user rebuilt.
#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='user_id',
        on_schema_change='append_new_columns'
    )
}}

{% if is_incremental() %}
    {#- every user, while the table lacks the newest column (the first build after an upgrade) -#}
    {%- set built_since = watermark('built_at') if holds_column(this, 'next_activity_date') else epoch_timestamp() -%}
{% endif %}
with {% if is_incremental() %}changed_users as (

    select user_id
    from {{ ref('fct_messages') }}
    where built_at > {{ built_since }}
    union all
    select user_id
    from {{ ref('fct_sessions') }}
    where built_at > {{ built_since }}

),

{% endif %}user_messages as (

    select
        message_date as activity_date,
        assistant_id,
        user_id,
        department,
        message_at,
        event_id
    from {{ ref('fct_messages') }}
    where role = 'user'
        and session_id is not null
        {% if is_incremental() %}
        and user_id in (select user_id from changed_users)
        {% endif %}

),

daily_messages as (

    select
        activity_date,
        assistant_id,
        user_id,
        count(*) as user_messages
    from user_messages
    group by activity_date, assistant_id, user_id

),

daily_department as (

    -- The department the user's latest message of the day carried (NULL when none carried one).
    select activity_date, assistant_id, user_id, department
    from (
        select
            activity_date,
            assistant_id,
            user_id,
            department,
            row_number() over (
                partition by activity_date, assistant_id, user_id
                order by message_at desc, event_id desc
            ) as recency
        from user_messages
        where department is not null
    ) as ranked
    where recency = 1

),

daily_sessions as (

    select session_date, assistant_id, user_id, count(*) as sessions
    from {{ ref('fct_sessions') }}
    {% if is_incremental() %}
    where user_id in (select user_id from changed_users)
    {% endif %}
    group by session_date, assistant_id, user_id

)

select
    cast(daily_messages.activity_date as date) as activity_date,
    cast(daily_messages.assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(daily_messages.user_id as {{ dbt.type_string() }}) as user_id,
    cast(daily_department.department as {{ dbt.type_string() }}) as department,
    cast(daily_messages.user_messages as {{ dbt.type_bigint() }}) as user_messages,
    cast(coalesce(daily_sessions.sessions, 0) as {{ dbt.type_bigint() }}) as sessions,
    cast(min(daily_messages.activity_date) over (
        partition by daily_messages.assistant_id, daily_messages.user_id
    ) as date) as first_activity_date,
    cast(lead(daily_messages.activity_date) over (
        partition by daily_messages.assistant_id, daily_messages.user_id
        order by daily_messages.activity_date
    ) as date) as next_activity_date,
    {{ run_started_timestamp() }} as built_at
from daily_messages
left join daily_department
    on daily_messages.activity_date = daily_department.activity_date
    and daily_messages.assistant_id = daily_department.assistant_id
    and daily_messages.user_id = daily_department.user_id
left join daily_sessions
    on daily_messages.activity_date = daily_sessions.session_date
    and daily_messages.assistant_id = daily_sessions.assistant_id
    and daily_messages.user_id = daily_sessions.user_id
