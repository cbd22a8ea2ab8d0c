{{
    config(
        materialized='incremental',
        incremental_strategy='replace_periods',
        unique_key='week_start',
        rebuilt_period='week',
        rebuild_later_periods=true,
        rebuilt_from=['fct_messages'],
        on_schema_change='append_new_columns'
    )
}}

{#
    Oversight per assistant and ISO week (UTC): messages carrying personal data by type (from
    enrichment's PII detection; counted on every role, since an answer can echo what the user typed),
    messages on risky intents (dim_intents.is_risky), and unusual daily volume: a day is a spike when
    its user-message count is at least spike_min_z_score standard deviations above the mean of the
    previous spike_baseline_days days (days without messages count as 0). Weeks of an assistant with
    fewer than min_group_users users are not published.
    Incremental by week (macros/rebuilt_periods.sql): a run recomputes every week from the earliest one
    holding a rebuilt message on, since a day's baseline looks back spike_baseline_days into earlier weeks.
#}
{% set baseline_days = var('spike_baseline_days') %}
{% if is_incremental() %}
    {#- the first day read: the baseline days before the first week to rebuild -#}
    {% set first_day_read = dbt.dateadd('day', -baseline_days, first_rebuilt_period()) %}
{% endif %}

with messages as (

    select
        messages.*,
        cast({{ dbt.date_trunc('week', 'messages.message_date') }} as date) as week_start,
        coalesce(intents.is_risky, false) as is_risky_intent
    from {{ ref('fct_messages') }} as messages
    left join {{ ref('dim_intents') }} as intents
        on messages.intent_id = intents.intent_id
    where messages.session_id is not null
    {% if is_incremental() %}
        and messages.message_date >= {{ first_day_read }}
    {% endif %}

),

weekly as (

    select
        week_start,
        assistant_id,
        count(*) as messages,
        count(case when role = 'user' then 1 end) as user_messages,
        count(distinct case when role = 'user' then user_id end) as users,
        count(case when has_pii then 1 end) as messages_with_pii,
        {% for pii_type in var('pii_types') %}
        count(case when {{ dbt.concat(["','", "pii_types", "','"]) }} like '%,{{ pii_type }},%' then 1 end)
            as pii_{{ pii_type }}_messages,
        {% endfor %}
        count(case when role = 'user' and is_risky_intent then 1 end) as risky_intent_messages
    from messages
    where {{ in_rebuilt_periods('message_date') }}
    group by week_start, assistant_id

),

daily_volume as (

    select message_date, assistant_id, count(*) as user_messages
    from messages
    where role = 'user'
    group by message_date, assistant_id

),

assistant_days as (

    -- A dense calendar per assistant from its first message on, so quiet days count as zero.
    select
        dates.date_day,
        dates.week_start,
        starts.assistant_id
    from {{ ref('dim_date') }} as dates
    inner join (
        select assistant_id, min(message_date) as first_day
        from {{ ref('fct_messages') }}
        where role = 'user'
            and session_id is not null
        group by assistant_id
    ) as starts
        on dates.date_day >= starts.first_day
    {% if is_incremental() %}
    where dates.date_day >= {{ first_day_read }}
    {% endif %}

),

daily as (

    select
        assistant_days.date_day,
        assistant_days.week_start,
        assistant_days.assistant_id,
        cast(coalesce(daily_volume.user_messages, 0) as {{ dbt.type_bigint() }}) as user_messages
    from assistant_days
    left join daily_volume
        on assistant_days.date_day = daily_volume.message_date
        and assistant_days.assistant_id = daily_volume.assistant_id

),

baseline as (

    -- Integer sums, not avg/stddev_samp: a floating-point window aggregate depends on the order the
    -- engine combines rows in, which differs between an incremental run (its windows start 28 days
    -- before the first rebuilt week), a full build, DuckDB and PostgreSQL.
    select
        daily.*,
        sum(user_messages) over baseline_window as baseline_sum,
        sum(user_messages * user_messages) over baseline_window as baseline_sum_of_squares,
        count(*) over baseline_window as baseline_days
    from daily
    window baseline_window as (
        partition by assistant_id
        order by date_day
        rows between {{ baseline_days }} preceding and 1 preceding
    )

),

scored as (

    select
        *,
        -- (x - mean) / sample standard deviation, with mean = sum / n and
        -- variance = (n * sum of squares - sum^2) / (n * (n - 1)), exact in integers up to the division
        case
            when baseline_days >= {{ var('spike_min_baseline_days') }}
                and baseline_days * baseline_sum_of_squares - baseline_sum * baseline_sum > 0
                then cast(baseline_days * user_messages - baseline_sum as {{ type_double() }}) / baseline_days
                    / sqrt(
                        cast(baseline_days * baseline_sum_of_squares - baseline_sum * baseline_sum as {{ type_double() }})
                        / (baseline_days * (baseline_days - 1))
                    )
        end as z_score
    from baseline

),

peak_days as (

    -- The day of the week's highest z-score (the earliest on a tie): where to look first.
    select week_start, assistant_id, date_day as max_z_score_date
    from (
        select
            week_start,
            assistant_id,
            date_day,
            row_number() over (partition by week_start, assistant_id order by z_score desc, date_day) as z_rank
        from scored
        where z_score is not null
    ) as ranked
    where z_rank = 1

),

weekly_spikes as (

    select
        week_start,
        assistant_id,
        count(case when z_score >= {{ var('spike_min_z_score') }} then 1 end) as spike_days,
        max(z_score) as max_daily_z_score,
        max(user_messages) as max_daily_user_messages
    from scored
    group by week_start, assistant_id

)

select
    cast(weekly.week_start as date) as week_start,
    cast(weekly.assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(weekly.messages as {{ dbt.type_bigint() }}) as messages,
    cast(weekly.user_messages as {{ dbt.type_bigint() }}) as user_messages,
    cast(weekly.users as {{ dbt.type_bigint() }}) as users,
    cast(weekly.messages_with_pii as {{ dbt.type_bigint() }}) as messages_with_pii,
    {% for pii_type in var('pii_types') %}
    cast(weekly.pii_{{ pii_type }}_messages as {{ dbt.type_bigint() }}) as pii_{{ pii_type }}_messages,
    {% endfor %}
    {{ rate('weekly.messages_with_pii', 'weekly.messages') }} as pii_message_rate,
    cast(weekly.risky_intent_messages as {{ dbt.type_bigint() }}) as risky_intent_messages,
    {{ rate('weekly.risky_intent_messages', 'weekly.user_messages') }} as risky_intent_rate,
    cast(coalesce(weekly_spikes.spike_days, 0) as {{ dbt.type_bigint() }}) as spike_days,
    cast(weekly_spikes.max_daily_z_score as {{ type_double() }}) as max_daily_z_score,
    cast(peak_days.max_z_score_date as date) as max_z_score_date,
    cast(weekly_spikes.max_daily_user_messages as {{ dbt.type_bigint() }}) as max_daily_user_messages,
    {{ run_started_timestamp() }} as built_at
from weekly
left join weekly_spikes
    on weekly.week_start = weekly_spikes.week_start
    and weekly.assistant_id = weekly_spikes.assistant_id
left join peak_days
    on weekly.week_start = peak_days.week_start
    and weekly.assistant_id = peak_days.assistant_id
where weekly.users >= {{ var('min_group_users') }}
