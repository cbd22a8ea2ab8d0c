{#
    What users ask, per intent (over all assistants and all time): volume, users, the trend of the last
    28 days against the 28 before (ending on the last day with data, not today, so a rebuild gives the
    same numbers), outcome rates of the sessions that opened with the intent, the top languages and
    assistants, and the
    intent's representative text (already redacted by enrichment). Intents with fewer than
    min_group_users users are folded into '(other)', which has no example text.

    Users and sessions come from int_user_intents, whose flags make them sums; only '(other)', which
    spans several intents, counts distinct users and sessions (over its few members).
#}
{% set k = var('min_group_users') %}
{% set other = "'(other)'" %}
{#- What top_languages and top_assistants name: a value used by at least k of the intent's users. -#}
{% set breakdowns = [
    {'name': 'language', 'column': 'language', 'first_flag': 'is_first_of_intent_language',
     'where': "language <> 'und'"},
    {'name': 'assistant', 'column': 'assistant_id', 'first_flag': 'is_first_of_intent_assistant', 'where': none},
] %}

with intent_users as (

    -- One row per user and intent: the memberships folding counts.
    select 'all' as scope, intent_id, user_id
    from {{ ref('int_user_intents') }}
    where is_first_of_intent = 1

),

published as (

    select *
    from {{ fold_small_groups('intent_users', ['scope'], ['intent_id'], members_are_distinct=true) }} as folded

),

intent_totals as (

    select
        intent_id,
        sum(user_messages) as user_messages,
        sum(is_first_of_intent) as users,
        sum(sessions) as sessions_with_intent
    from {{ ref('int_user_intents') }}
    group by intent_id

),

{% for breakdown in breakdowns %}
{{ breakdown.name }}_totals as (

    select
        intent_id,
        {{ breakdown.column }},
        sum(user_messages) as messages,
        sum({{ breakdown.first_flag }}) as users
    from {{ ref('int_user_intents') }}
    {% if breakdown.where %}where {{ breakdown.where }}{% endif %}
    group by intent_id, {{ breakdown.column }}

),
{% endfor %}

other_members as (

    -- The rows of the intents folded into '(other)': its users are counted distinct over these.
    select user_intents.*
    from {{ ref('int_user_intents') }} as user_intents
    inner join published
        on user_intents.intent_id = published.intent_id
    where published.published_intent_id = {{ other }}

),

daily_messages as (

    select
        intent_id,
        message_date,
        count(*) as user_messages
    from {{ ref('fct_messages') }}
    where role = 'user'
        and session_id is not null
    group by intent_id, message_date

),

reference as (

    select max(message_date) as last_day from daily_messages

),

trend as (

    select
        published.published_intent_id as intent_id,
        sum(case
            when daily_messages.message_date > {{ dbt.dateadd('day', -28, 'reference.last_day') }}
                then daily_messages.user_messages else 0
        end) as user_messages_last_28d,
        sum(case
            when daily_messages.message_date <= {{ dbt.dateadd('day', -28, 'reference.last_day') }}
                and daily_messages.message_date > {{ dbt.dateadd('day', -56, 'reference.last_day') }}
                then daily_messages.user_messages else 0
        end) as user_messages_prior_28d
    from daily_messages
    inner join published
        on daily_messages.intent_id = published.intent_id
    cross join reference
    group by published.published_intent_id

),

other_sessions as (

    -- Sessions with any folded intent, each once.
    select count(distinct messages.session_id) as sessions_with_intent
    from {{ ref('fct_messages') }} as messages
    inner join published
        on messages.intent_id = published.intent_id
    where messages.role = 'user'
        and messages.session_id is not null
        and published.published_intent_id = {{ other }}

),

counts as (

    select
        published.published_intent_id as intent_id,
        totals.user_messages,
        totals.users,
        totals.sessions_with_intent
    from intent_totals as totals
    inner join published
        on totals.intent_id = published.intent_id
    where published.published_intent_id <> {{ other }}
    union all
    select
        {{ other }} as intent_id,
        sum(other_members.user_messages) as user_messages,
        count(distinct other_members.user_id) as users,
        max(other_sessions.sessions_with_intent) as sessions_with_intent
    from other_members
    cross join other_sessions
    having count(*) > 0

),

volume as (

    select
        counts.intent_id,
        counts.user_messages,
        counts.users,
        counts.sessions_with_intent,
        coalesce(trend.user_messages_last_28d, 0) as user_messages_last_28d,
        coalesce(trend.user_messages_prior_28d, 0) as user_messages_prior_28d
    from counts
    left join trend
        on counts.intent_id = trend.intent_id

),

session_outcomes as (

    select
        published.published_intent_id as intent_id,
        {{ session_outcome_counts('sessions') }}
    from {{ ref('fct_sessions') }} as sessions
    inner join published
        on coalesce(sessions.first_intent_id, 'unclassified') = published.intent_id
    group by published.published_intent_id

),

{% for breakdown in breakdowns %}
{%- set column = breakdown.column %}
{{ breakdown.name }}_users as (

    -- Only values with at least k users of the intent are named.
    select
        published.published_intent_id as intent_id,
        totals.{{ column }},
        totals.messages
    from {{ breakdown.name }}_totals as totals
    inner join published
        on totals.intent_id = published.intent_id
    where published.published_intent_id <> {{ other }}
        and totals.users >= {{ k }}
    union all
    select
        {{ other }} as intent_id,
        {{ column }},
        sum(user_messages) as messages
    from other_members
    {% if breakdown.where %}where {{ breakdown.where }}{% endif %}
    group by {{ column }}
    having count(distinct user_id) >= {{ k }}

),

top_{{ breakdown.name }}s as (

    select
        named.intent_id,
        {{ dbt.listagg(
            dbt.concat([
                "named." ~ column, "' '",
                "cast(cast(round(100.0 * named.messages / volume.user_messages) as " ~ dbt.type_bigint() ~ ") as " ~ dbt.type_string() ~ ")",
                "'%'"
            ]),
            "', '",
            "order by named.messages desc, named." ~ column,
            3
        ) }} as top_{{ breakdown.name }}s
    from {{ breakdown.name }}_users as named
    inner join volume
        on named.intent_id = volume.intent_id
    group by named.intent_id

){{ ',' if not loop.last }}
{% endfor %}

select
    cast(volume.intent_id as {{ dbt.type_string() }}) as intent_id,
    cast(
        case when volume.intent_id = {{ other }} then '(other: intents with fewer than {{ k }} users)'
        else coalesce(intents.intent_label, volume.intent_id) end
        as {{ dbt.type_string() }}
    ) as intent_label,
    cast(intents.intent_keywords as {{ dbt.type_string() }}) as intent_keywords,
    cast(coalesce(intents.is_risky, false) as {{ dbt.type_boolean() }}) as is_risky,
    cast(volume.user_messages as {{ dbt.type_bigint() }}) as user_messages,
    cast(volume.users as {{ dbt.type_bigint() }}) as users,
    cast(volume.sessions_with_intent as {{ dbt.type_bigint() }}) as sessions_with_intent,
    cast(volume.user_messages_last_28d as {{ dbt.type_bigint() }}) as user_messages_last_28d,
    cast(volume.user_messages_prior_28d as {{ dbt.type_bigint() }}) as user_messages_prior_28d,
    cast(
        cast(volume.user_messages_last_28d - volume.user_messages_prior_28d as {{ type_double() }})
        / nullif(volume.user_messages_prior_28d, 0)
        as {{ type_double() }}
    ) as trend_28d_change,
    cast(coalesce(session_outcomes.sessions, 0) as {{ dbt.type_bigint() }}) as sessions,
    {{ rate('session_outcomes.success_sessions', 'session_outcomes.sessions') }} as success_rate,
    {{ rate('session_outcomes.failure_sessions', 'session_outcomes.sessions') }} as failure_rate,
    {{ rate('session_outcomes.escalated_sessions', 'session_outcomes.sessions') }} as escalation_rate,
    {{ rate('session_outcomes.abandoned_sessions', 'session_outcomes.sessions') }} as abandonment_rate,
    {{ rate('session_outcomes.rephrase_sessions', 'session_outcomes.sessions') }} as rephrase_rate,
    cast(top_languages.top_languages as {{ dbt.type_string() }}) as top_languages,
    cast(top_assistants.top_assistants as {{ dbt.type_string() }}) as top_assistants,
    cast(
        case when volume.intent_id = {{ other }} then null else intents.representative_text end
        as {{ dbt.type_string() }}
    ) as example_text
from volume
left join session_outcomes
    on volume.intent_id = session_outcomes.intent_id
left join top_languages
    on volume.intent_id = top_languages.intent_id
left join top_assistants
    on volume.intent_id = top_assistants.intent_id
left join {{ ref('dim_intents') }} as intents
    on volume.intent_id = intents.intent_id
