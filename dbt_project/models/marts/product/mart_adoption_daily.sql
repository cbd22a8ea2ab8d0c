{#
    Adoption per UTC day, assistant and user department. A user is active on a day when they sent at
    least one message to the assistant that day. Departments with fewer than min_group_users active
    users that day are folded into '(other)' (see fold_small_groups).
#}
with active_days as (

    select * from {{ ref('int_active_user_days') }}

),

activity as (

    -- One row per day, assistant and active user, in exactly one department: the day's own value, else
    -- the user's latest known department, else 'unknown'.
    select
        active_days.activity_date,
        active_days.assistant_id,
        active_days.user_id,
        coalesce(active_days.department, users.department, 'unknown') as department,
        active_days.user_messages,
        case when active_days.activity_date = active_days.first_activity_date then 1 else 0 end as is_new_user,
        active_days.sessions,
        active_days.next_activity_date
    from active_days
    left join {{ ref('dim_users') }} as users
        on active_days.user_id = users.user_id

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

{#
    Rolling 7/28-day users. A user counts on day D, in the department their activity maps to through
    D's folding, when they were active in the window ending D. Two exact ways, by user:
    - a user whose active days all carry one department (nearly everyone) counts on D exactly when
      their latest active day d on or before D is less than 7 (28) days old: on the days [d, next active
      day) that are before d + 7 (d + 28). Those intervals are summed per department as +1 / -1 changes,
      so the cost follows the active user-days, not 28 times them;
    - a user with several departments could land twice in one folded group, so they are deduplicated
      per day the direct way: every active day joined with the days whose window holds it.
#}

user_department_counts as (

    select assistant_id, user_id, count(distinct department) as departments
    from activity
    group by assistant_id, user_id

),

single_department_days as (

    select
        activity.activity_date,
        activity.assistant_id,
        activity.department,
        -- the user's next active day with the assistant (int_active_user_days): the same within a single
        -- department, since the filter below keeps or drops a user's days together
        activity.next_activity_date
    from activity
    inner join user_department_counts as counts
        on activity.assistant_id = counts.assistant_id
        and activity.user_id = counts.user_id
    where counts.departments = 1

),

{% set windows = [7, 28] %}
window_changes as (

    -- +1 from the day a user's count starts, -1 from the day it stops (the next active day, or the day
    -- the window has passed), per window length.
    select
        assistant_id,
        department,
        cast(activity_date as date) as change_date,
        {% for days in windows %}1 as change_{{ days }}d{{ ',' if not loop.last }}{% endfor %}
    from single_department_days
    {% for days in windows %}
    {% set window_end = "cast(" ~ dbt.dateadd('day', days, 'activity_date') ~ " as date)" %}
    union all
    select
        assistant_id,
        department,
        case
            when next_activity_date < {{ window_end }} then cast(next_activity_date as date)
            else {{ window_end }}
        end as change_date,
        {% for other in windows %}{{ -1 if other == days else 0 }} as change_{{ other }}d{{ ',' if not loop.last }}{% endfor %}
    from single_department_days
    {% endfor %}

),

department_days as (

    -- Every published day of an assistant for each of its departments, as a day without changes: the
    -- running sum below then has a row on every published day.
    select
        target_days.assistant_id,
        departments.department,
        cast(target_days.activity_date as date) as change_date,
        0 as change_7d,
        0 as change_28d
    from target_days
    inner join (select distinct assistant_id, department from single_department_days) as departments
        on target_days.assistant_id = departments.assistant_id

),

daily_changes as (

    select
        assistant_id,
        department,
        change_date,
        sum(change_7d) as change_7d,
        sum(change_28d) as change_28d
    from (
        select assistant_id, department, change_date, change_7d, change_28d from window_changes
        union all
        select assistant_id, department, change_date, change_7d, change_28d from department_days
    ) as changes
    group by assistant_id, department, change_date

),

single_department_rolling as (

    -- Per published day and department (its own, before folding): every change up to that day, summed
    -- (a running sum: one row per department and day, however long the history).
    select
        target_days.activity_date,
        target_days.assistant_id,
        running.department,
        running.rolling_7d_active_users,
        running.rolling_28d_active_users
    from (
        select
            assistant_id,
            department,
            change_date,
            {% for days in windows %}
            sum(change_{{ days }}d) over (
                partition by assistant_id, department
                order by change_date
                rows between unbounded preceding and current row
            ) as rolling_{{ days }}d_active_users{{ ',' if not loop.last }}
            {% endfor %}
        from daily_changes
    ) as running
    inner join target_days
        on running.assistant_id = target_days.assistant_id
        and running.change_date = target_days.activity_date

),

multi_department_windowed as (

    -- Each active day of a user with several departments, once for every published day whose 28-day
    -- window holds it.
    select
        target_days.activity_date,
        target_days.assistant_id,
        past.department,
        past.user_id,
        past.activity_date as past_activity_date
    from target_days
    inner join activity as past
        on target_days.assistant_id = past.assistant_id
        and past.activity_date <= target_days.activity_date
        and past.activity_date > {{ dbt.dateadd('day', -28, 'target_days.activity_date') }}
    inner join user_department_counts as counts
        on past.assistant_id = counts.assistant_id
        and past.user_id = counts.user_id
    where counts.departments > 1

),

multi_department_users as (

    -- Each such user once per published day and folded department, with their last active day in it.
    select
        windowed.activity_date,
        windowed.assistant_id,
        coalesce(mapping.published_department, '(other)') as department,
        windowed.user_id,
        max(windowed.past_activity_date) as last_active_date
    from multi_department_windowed as windowed
    left join published as mapping
        on mapping.activity_date = windowed.activity_date
        and mapping.assistant_id = windowed.assistant_id
        and mapping.department = windowed.department
    group by
        windowed.activity_date,
        windowed.assistant_id,
        coalesce(mapping.published_department, '(other)'),
        windowed.user_id

),

rolling_parts as (

    -- Departments mapped through each day's folding: a department without activity that day (so not
    -- in the day's folding) counts in '(other)'.
    select
        single.activity_date,
        single.assistant_id,
        coalesce(mapping.published_department, '(other)') as department,
        single.rolling_7d_active_users,
        single.rolling_28d_active_users
    from single_department_rolling as single
    left join published as mapping
        on mapping.activity_date = single.activity_date
        and mapping.assistant_id = single.assistant_id
        and mapping.department = single.department
    union all
    select
        activity_date,
        assistant_id,
        department,
        case when last_active_date > {{ dbt.dateadd('day', -7, 'activity_date') }} then 1 else 0 end,
        1
    from multi_department_users

),

rolling as (

    -- Users active in the 7 and 28 days ending on each published day.
    select
        activity_date,
        assistant_id,
        department,
        sum(rolling_7d_active_users) as rolling_7d_active_users,
        sum(rolling_28d_active_users) as rolling_28d_active_users
    from rolling_parts
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
