{#
    What users ask, per intent (over all assistants and all time): volume, users, the trend of the last
    28 days against the 28 before (ending on the last day with data, not today, so a rebuild gives the
    same numbers), outcome rates of the sessions that opened with the intent, the top languages and
    assistants, and the
    intent's representative text (already redacted by enrichment). Intents with fewer than
    min_group_users users are folded into '(other)', which has no example text.
#}
{% set k = var('min_group_users') %}

with user_messages as (

    select
        'all' as scope,
        intent_id,
        assistant_id,
        user_id,
        session_id,
        language,
        message_date
    from {{ ref('fct_messages') }}
    where role = 'user'
        and session_id is not null

),

published as (

    select *
    from {{ fold_small_groups('user_messages', ['scope'], ['intent_id']) }} as folded

),

messages as (

    select
        user_messages.*,
        published.published_intent_id
    from user_messages
    inner join published
        on user_messages.intent_id = published.intent_id

),

reference as (

    select max(message_date) as last_day from messages

),

volume as (

    select
        messages.published_intent_id as intent_id,
        count(*) as user_messages,
        count(distinct messages.user_id) as users,
        count(distinct messages.session_id) as sessions_with_intent,
        count(case
            when messages.message_date > {{ dbt.dateadd('day', -28, 'reference.last_day') }} then 1
        end) as user_messages_last_28d,
        count(case
            when messages.message_date <= {{ dbt.dateadd('day', -28, 'reference.last_day') }}
                and messages.message_date > {{ dbt.dateadd('day', -56, 'reference.last_day') }} then 1
        end) as user_messages_prior_28d
    from messages
    cross join reference
    group by messages.published_intent_id

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

language_users as (

    -- Only languages with at least k users of the intent are named.
    select
        published_intent_id as intent_id,
        language,
        count(*) as language_messages,
        count(distinct user_id) as language_users
    from messages
    where language <> 'und'
    group by published_intent_id, language
    having count(distinct user_id) >= {{ k }}

),

top_languages as (

    select
        language_users.intent_id,
        {{ dbt.listagg(
            dbt.concat([
                "language_users.language", "' '",
                "cast(cast(round(100.0 * language_users.language_messages / volume.user_messages) as " ~ dbt.type_bigint() ~ ") as " ~ dbt.type_string() ~ ")",
                "'%'"
            ]),
            "', '",
            "order by language_users.language_messages desc, language_users.language",
            3
        ) }} as top_languages
    from language_users
    inner join volume
        on language_users.intent_id = volume.intent_id
    group by language_users.intent_id

),

assistant_users as (

    -- Only assistants with at least k users of the intent are named.
    select
        published_intent_id as intent_id,
        assistant_id,
        count(*) as assistant_messages
    from messages
    group by published_intent_id, assistant_id
    having count(distinct user_id) >= {{ k }}

),

top_assistants as (

    select
        assistant_users.intent_id,
        {{ dbt.listagg(
            dbt.concat([
                "assistant_users.assistant_id", "' '",
                "cast(cast(round(100.0 * assistant_users.assistant_messages / volume.user_messages) as " ~ dbt.type_bigint() ~ ") as " ~ dbt.type_string() ~ ")",
                "'%'"
            ]),
            "', '",
            "order by assistant_users.assistant_messages desc, assistant_users.assistant_id",
            3
        ) }} as top_assistants
    from assistant_users
    inner join volume
        on assistant_users.intent_id = volume.intent_id
    group by assistant_users.intent_id

)

select
    cast(volume.intent_id as {{ dbt.type_string() }}) as intent_id,
    cast(
        case when volume.intent_id = '(other)' then '(other: intents with fewer than {{ k }} users)'
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
        case when volume.intent_id = '(other)' then null else intents.representative_text end
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
