{{
    config(
        materialized='incremental',
        incremental_strategy='replace_periods',
        unique_key='month_start',
        rebuilt_period='month',
        rebuilt_from=['fct_messages', 'fct_sessions'],
        on_schema_change='append_new_columns'
    )
}}

-- depends_on: {{ ref('dim_date') }}
{#
    Return on investment per assistant and calendar month (UTC).
    Cost: token cost of the month's messages, each priced at the rate in force at its timestamp
    (fct_messages.cost_usd), so a price change in the middle of a month splits the month correctly.
    Value: each successful session (see `outcome_rules`) is worth minutes_saved_per_success / 60 x
    loaded_hourly_cost_usd of the user's time, plus human_ticket_cost_usd for the ticket it avoided
    (a successful session never had a handoff); assumptions from seeds/value_assumptions.csv, the row
    for the session's first intent if there is one, else the assistant's '*' row, else a '*'/'*' row.
    Months of an assistant with fewer than min_group_users users are not published.
    Incremental by month: a run recomputes the months with a rebuilt message or session
    (macros/rebuilt_periods.sql).
#}
with message_costs as (

    select
        cast({{ dbt.date_trunc('month', 'message_date') }} as date) as month_start,
        assistant_id,
        sum(input_tokens) as input_tokens,
        sum(output_tokens) as output_tokens,
        {{ exact_sum('cost_usd') }} as token_cost_usd,
        {{ exact_sum('reported_cost_usd') }} as reported_cost_usd,
        count(case when cost_usd is null and (input_tokens is not null or output_tokens is not null) then 1 end)
            as unpriced_messages
    from {{ ref('fct_messages') }}
    where {{ in_rebuilt_periods('message_date') }}
    group by 1, 2

),

assumptions as (

    select * from {{ ref('value_assumptions') }}

),

sessions as (

    select
        cast({{ dbt.date_trunc('month', 'session_date') }} as date) as month_start,
        sessions.assistant_id,
        sessions.user_id,
        sessions.outcome,
        coalesce(by_intent.minutes_saved_per_success, by_assistant.minutes_saved_per_success,
                 by_default.minutes_saved_per_success) as minutes_saved_per_success,
        coalesce(by_intent.loaded_hourly_cost_usd, by_assistant.loaded_hourly_cost_usd,
                 by_default.loaded_hourly_cost_usd) as loaded_hourly_cost_usd,
        coalesce(by_intent.human_ticket_cost_usd, by_assistant.human_ticket_cost_usd,
                 by_default.human_ticket_cost_usd) as human_ticket_cost_usd,
        coalesce(by_intent.assistant_id, by_assistant.assistant_id, by_default.assistant_id) is not null
            as has_assumption
    from {{ ref('fct_sessions') }} as sessions
    left join assumptions as by_intent
        on sessions.assistant_id = by_intent.assistant_id
        and sessions.first_intent_id = by_intent.intent
    left join assumptions as by_assistant
        on sessions.assistant_id = by_assistant.assistant_id
        and by_assistant.intent = '*'
    left join assumptions as by_default
        on by_default.assistant_id = '*'
        and by_default.intent = '*'
    where {{ in_rebuilt_periods('sessions.session_date') }}

),

session_value as (

    select
        month_start,
        assistant_id,
        count(*) as sessions,
        count(distinct user_id) as users,
        count(case when outcome = 'success' then 1 end) as success_sessions,
        count(case when outcome = 'escalated' then 1 end) as escalated_sessions,
        count(case when outcome = 'success' and not has_assumption then 1 end) as success_sessions_without_assumption,
        {{ exact_sum("case when outcome = 'success' then coalesce(minutes_saved_per_success, 0) else 0 end") }} as minutes_saved,
        {{ exact_sum(
            "case when outcome = 'success'
                then coalesce(minutes_saved_per_success, 0) / 60.0 * coalesce(loaded_hourly_cost_usd, 0)
            else 0 end"
        ) }} as time_value_usd,
        {{ exact_sum("case when outcome = 'success' then coalesce(human_ticket_cost_usd, 0) else 0 end") }} as ticket_value_usd
    from sessions
    group by month_start, assistant_id

),

combined as (

    select
        session_value.*,
        coalesce(message_costs.input_tokens, 0) as input_tokens,
        coalesce(message_costs.output_tokens, 0) as output_tokens,
        coalesce(message_costs.token_cost_usd, 0) as token_cost_usd,
        message_costs.reported_cost_usd,
        coalesce(message_costs.unpriced_messages, 0) as unpriced_messages,
        session_value.time_value_usd + session_value.ticket_value_usd as value_usd
    from session_value
    left join message_costs
        on session_value.month_start = message_costs.month_start
        and session_value.assistant_id = message_costs.assistant_id
    where session_value.users >= {{ var('min_group_users') }}

)

select
    cast(month_start as date) as month_start,
    cast(assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(sessions as {{ dbt.type_bigint() }}) as sessions,
    cast(users as {{ dbt.type_bigint() }}) as users,
    cast(success_sessions as {{ dbt.type_bigint() }}) as success_sessions,
    cast(escalated_sessions as {{ dbt.type_bigint() }}) as escalated_sessions,
    cast(success_sessions as {{ dbt.type_bigint() }}) as handoffs_avoided,
    cast(success_sessions_without_assumption as {{ dbt.type_bigint() }}) as success_sessions_without_assumption,
    cast(input_tokens as {{ dbt.type_bigint() }}) as input_tokens,
    cast(output_tokens as {{ dbt.type_bigint() }}) as output_tokens,
    cast(unpriced_messages as {{ dbt.type_bigint() }}) as unpriced_messages,
    cast(token_cost_usd as {{ type_double() }}) as token_cost_usd,
    cast(reported_cost_usd as {{ type_double() }}) as reported_cost_usd,
    cast(minutes_saved as {{ type_double() }}) as minutes_saved,
    cast(time_value_usd as {{ type_double() }}) as time_value_usd,
    cast(ticket_value_usd as {{ type_double() }}) as ticket_value_usd,
    cast(value_usd as {{ type_double() }}) as value_usd,
    cast(value_usd - token_cost_usd as {{ type_double() }}) as net_value_usd,
    {{ rate('value_usd - token_cost_usd', 'token_cost_usd') }} as roi,
    {{ rate('token_cost_usd', 'success_sessions') }} as cost_per_success_session_usd,
    {{ run_started_timestamp() }} as built_at
from combined
