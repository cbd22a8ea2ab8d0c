{#
    Calendar days (UTC) from the first to the last day with any event. Weeks start on Monday (ISO).
    Generated with a recursive CTE, which DuckDB and PostgreSQL both run.
#}
with recursive bounds as (

    select
        cast(min(event_at) as date) as first_day,
        cast(max(event_at) as date) as last_day
    from {{ ref('stg_raw__events') }}

),

days (date_day) as (

    select first_day from bounds where first_day is not null
    union all
    select cast({{ dbt.dateadd('day', 1, 'date_day') }} as date)
    from days
    where date_day < (select last_day from bounds)

)

select
    cast(date_day as date) as date_day,
    cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start,
    cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
    cast(extract(year from date_day) as {{ dbt.type_bigint() }}) as year,
    cast(extract(month from date_day) as {{ dbt.type_bigint() }}) as month,
    cast(extract(isodow from date_day) as {{ dbt.type_bigint() }}) as iso_day_of_week,
    cast(extract(isodow from date_day) >= 6 as {{ dbt.type_boolean() }}) as is_weekend
from days
