{#
    Weekly retention by cohort: users grouped by the ISO week (Monday, UTC) of their first message to an
    assistant; for every later week, the share of the cohort that sent at least one message that week.
    Cohorts with fewer than min_group_users users are not published.
#}
with activity as (

    select distinct
        assistant_id,
        user_id,
        cast({{ dbt.date_trunc('week', 'activity_date') }} as date) as activity_week
    from {{ ref('int_active_user_days') }}

),

cohorts as (

    select assistant_id, user_id, min(activity_week) as cohort_week
    from activity
    group by assistant_id, user_id

),

cohort_sizes as (

    select assistant_id, cohort_week, count(*) as cohort_users
    from cohorts
    group by assistant_id, cohort_week
    having count(*) >= {{ var('min_group_users') }}

),

weeks as (

    select distinct week_start from {{ ref('dim_date') }}

),

last_day as (

    select max(date_day) as last_date_day from {{ ref('dim_date') }}

),

cohort_weeks as (

    select
        cohort_sizes.assistant_id,
        cohort_sizes.cohort_week,
        cohort_sizes.cohort_users,
        weeks.week_start as activity_week
    from cohort_sizes
    inner join weeks
        on weeks.week_start >= cohort_sizes.cohort_week

),

active as (

    select
        cohorts.assistant_id,
        cohorts.cohort_week,
        activity.activity_week,
        count(*) as active_users
    from cohorts
    inner join activity
        on cohorts.assistant_id = activity.assistant_id
        and cohorts.user_id = activity.user_id
    group by cohorts.assistant_id, cohorts.cohort_week, activity.activity_week

)

select
    cast(cohort_weeks.assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(cohort_weeks.cohort_week as date) as cohort_week,
    cast({{ dbt.datediff('cohort_weeks.cohort_week', 'cohort_weeks.activity_week', 'week') }} as {{ dbt.type_bigint() }})
        as weeks_since_first_use,
    cast(cohort_weeks.activity_week as date) as activity_week,
    cast(cohort_weeks.cohort_users as {{ dbt.type_bigint() }}) as cohort_users,
    cast(coalesce(active.active_users, 0) as {{ dbt.type_bigint() }}) as active_users,
    cast(
        cast(coalesce(active.active_users, 0) as {{ type_double() }}) / cohort_weeks.cohort_users
        as {{ type_double() }}
    ) as retention_rate,
    -- The data's last week may be cut short: its retention reads low until the week is over.
    cast(
        {{ dbt.dateadd('day', 6, 'cohort_weeks.activity_week') }} > last_day.last_date_day
        as {{ dbt.type_boolean() }}
    ) as is_partial_week
from cohort_weeks
cross join last_day
left join active
    on cohort_weeks.assistant_id = active.assistant_id
    and cohort_weeks.cohort_week = active.cohort_week
    and cohort_weeks.activity_week = active.activity_week
