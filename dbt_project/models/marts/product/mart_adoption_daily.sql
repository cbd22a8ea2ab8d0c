{#
    Adoption per UTC day, assistant and user department. A user is active on a day when they sent at
    least one message to the assistant that day. Departments with fewer than min_group_users active
    users that day are folded into '(other)' (see fold_small_groups).
#}
with user_messages as (

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

    -- The department the user's latest message of the day carried.
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

first_use as (

    select assistant_id, user_id, min(activity_date) as first_activity_date
    from daily_messages
    group by assistant_id, user_id

),

daily_sessions as (

    select session_date, assistant_id, user_id, count(*) as sessions
    from {{ ref('fct_sessions') }}
    group by session_date, assistant_id, user_id

),

activity as (

    -- One row per day, assistant and active user, in exactly one department: the day's own value, else
    -- the user's latest known department, else 'unknown'.
    select
        daily_messages.activity_date,
        daily_messages.assistant_id,
        daily_messages.user_id,
        coalesce(daily_department.department, users.department, 'unknown') as department,
        daily_messages.user_messages,
        case when daily_messages.activity_date = first_use.first_activity_date then 1 else 0 end as is_new_user,
        coalesce(daily_sessions.sessions, 0) as sessions
    from daily_messages
    left join daily_department
        on daily_messages.activity_date = daily_department.activity_date
        and daily_messages.assistant_id = daily_department.assistant_id
        and daily_messages.user_id = daily_department.user_id
    left join {{ ref('dim_users') }} as users
        on daily_messages.user_id = users.user_id
    inner join first_use
        on daily_messages.assistant_id = first_use.assistant_id
        and daily_messages.user_id = first_use.user_id
    left join daily_sessions
        on daily_messages.activity_date = daily_sessions.session_date
        and daily_messages.assistant_id = daily_sessions.assistant_id
        and daily_messages.user_id = daily_sessions.user_id

),

published as (

    select *
    from {{ fold_small_groups('activity', ['activity_date', 'assistant_id'], ['department']) }} as folded

),

daily as (

    select
        activity.activity_date,
        activity.assistant_id,
        published.published_department as department,
        count(*) as active_users,
        sum(activity.is_new_user) as new_users,
        sum(activity.sessions) as sessions,
        sum(activity.user_messages) as user_messages
    from activity
    inner join published
        on activity.activity_date = published.activity_date
        and activity.assistant_id = published.assistant_id
        and activity.department = published.department
    group by activity.activity_date, activity.assistant_id, published.published_department

),

target_days as (

    select distinct activity_date, assistant_id
    from daily

),

windowed as (

    -- Each active user-day, once for every published day whose 28-day window holds it, with the
    -- department it counts in on that day: its own department mapped through that day's folding, so
    -- '(other)' keeps meaning the same groups. (Joining days first, not each published row, keeps this
    -- at about 28 rows per active user-day.)
    select
        target_days.activity_date,
        target_days.assistant_id,
        coalesce(mapping.published_department, '(other)') as department,
        past.user_id,
        past.activity_date as past_activity_date
    from target_days
    inner join activity as past
        on target_days.assistant_id = past.assistant_id
        and past.activity_date <= target_days.activity_date
        and past.activity_date > {{ dbt.dateadd('day', -28, 'target_days.activity_date') }}
    left join published as mapping
        on mapping.activity_date = target_days.activity_date
        and mapping.assistant_id = target_days.assistant_id
        and mapping.department = past.department

),

window_users as (

    -- Each user once per published day and department, with the last day they were active in the window.
    select
        activity_date,
        assistant_id,
        department,
        user_id,
        max(past_activity_date) as last_active_date
    from windowed
    group by activity_date, assistant_id, department, user_id

),

rolling as (

    -- Users active in the 7 and 28 days ending on each published day.
    select
        activity_date,
        assistant_id,
        department,
        sum(case
            when last_active_date > {{ dbt.dateadd('day', -7, 'activity_date') }} then 1 else 0
        end) as rolling_7d_active_users,
        count(*) as rolling_28d_active_users
    from window_users
    group by activity_date, assistant_id, department

)

select
    cast(daily.activity_date as date) as activity_date,
    cast(daily.assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(daily.department as {{ dbt.type_string() }}) as department,
    cast(daily.active_users as {{ dbt.type_bigint() }}) as active_users,
    cast(daily.new_users as {{ dbt.type_bigint() }}) as new_users,
    cast(daily.sessions as {{ dbt.type_bigint() }}) as sessions,
    cast(daily.user_messages as {{ dbt.type_bigint() }}) as user_messages,
    cast(rolling.rolling_7d_active_users as {{ dbt.type_bigint() }}) as rolling_7d_active_users,
    cast(rolling.rolling_28d_active_users as {{ dbt.type_bigint() }}) as rolling_28d_active_users,
    cast(
        cast(daily.active_users as {{ type_double() }}) / rolling.rolling_28d_active_users
        as {{ type_double() }}
    ) as stickiness
from daily
inner join rolling
    on daily.activity_date = rolling.activity_date
    and daily.assistant_id = rolling.assistant_id
    and daily.department = rolling.department
