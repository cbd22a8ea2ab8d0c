{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='conversation_key',
        on_schema_change='fail'
    )
}}

{#
    Incremental like fct_messages, by whole conversations: a run rebuilds the conversations whose
    messages fct_messages rebuilt since this model's last build (built_at), so the two stay in step.
#}


with changed_conversations as (

    select distinct conversation_key
    from {{ ref('fct_messages') }}
    {% if is_incremental() %}
    where built_at > {{ watermark('built_at') }}
    {% endif %}

),

messages as (

    select messages.*
    from {{ ref('fct_messages') }} as messages
    inner join changed_conversations
        on messages.conversation_key = changed_conversations.conversation_key
    where messages.session_id is not null

),

turns as (

    select turns.*
    from {{ ref('int_turns') }} as turns
    inner join changed_conversations
        on turns.conversation_key = changed_conversations.conversation_key

),

other_events as (

    select events.*
    from {{ ref('int_events_sessionized') }} as events
    inner join changed_conversations
        on events.conversation_key = changed_conversations.conversation_key
    where events.event_type in ('feedback', 'handoff')
        and events.session_id is not null

),

message_totals as (

    select
        session_id,
        min(conversation_key) as conversation_key,
        min(conversation_id) as conversation_id,
        min(assistant_id) as assistant_id,
        min(user_id) as user_id,
        -- A session starts when the user first writes (a greeting sent before does not move it).
        min(case when role = 'user' then message_at end) as session_start_at,
        max(message_at) as session_end_at,
        count(*) as messages,
        count(case when role = 'assistant' then 1 end) as assistant_messages,
        count(case when role = 'human_agent' then 1 end) as human_agent_messages,
        sum(input_tokens) as input_tokens,
        sum(output_tokens) as output_tokens,
        {{ exact_sum('cost_usd') }} as cost_usd,
        {{ exact_sum('reported_cost_usd') }} as reported_cost_usd,
        count(case when cost_usd is null and (input_tokens is not null or output_tokens is not null) then 1 end)
            as unpriced_messages,
        count(case when has_pii then 1 end) as messages_with_pii
    from messages
    group by session_id

),

first_variant as (

    -- The A/B arm of a session: the first variant any of its messages carries.
    select session_id, variant
    from (
        select
            session_id,
            variant,
            row_number() over (partition by session_id order by message_at, event_id) as variant_rank
        from messages
        where variant is not null
    ) as ranked
    where variant_rank = 1

),

turn_totals as (

    select
        session_id,
        count(*) as turns,
        count(case when is_answered then 1 end) as answered_turns,
        count(case when is_rephrase then 1 end) as rephrases,
        count(case when is_frustrated then 1 end) as frustrated_turns,
        max(frustration_score) as max_frustration_score,
        max(case when asks_for_human then 1 else 0 end) as asked_for_human,
        {{ exact_avg('reply_latency_ms') }} as avg_reply_latency_ms
    from turns
    group by session_id

),

first_turn as (

    select * from turns where turn_index = 1

),

last_turn as (

    select turns.*
    from turns
    inner join turn_totals
        on turns.session_id = turn_totals.session_id
        and turns.turn_index = turn_totals.turns

),

session_language as (

    -- The language of the session's first user message whose language could be told; 'und' otherwise.
    select session_id, language
    from (
        select
            session_id,
            language,
            row_number() over (partition by session_id order by turn_index) as language_rank
        from turns
        where language <> 'und'
    ) as ranked
    where language_rank = 1

),

first_user_message as (

    select
        event_id,
        department,
        channel
    from messages
    where role = 'user' and turn_index = 1

),

event_totals as (

    select
        session_id,
        count(case when event_type = 'handoff' then 1 end) as handoffs,
        count(case when event_type = 'feedback' then 1 end) as feedback_count
    from other_events
    group by session_id

),

first_handoff as (

    select session_id, handoff_reason
    from (
        select
            session_id,
            handoff_reason,
            row_number() over (partition by session_id order by event_at, event_id) as handoff_rank
        from other_events
        where event_type = 'handoff'
    ) as ranked
    where handoff_rank = 1

),

latest_feedback as (

    -- The session's most recent explicit feedback (a user who first rated down and then up ends up
    -- satisfied). Feedback with a score outside its scale has no normalised score and is skipped.
    select session_id, feedback_score_normalised as feedback_score
    from (
        select
            session_id,
            feedback_score_normalised,
            row_number() over (partition by session_id order by event_at desc, event_id desc) as recency
        from other_events
        where event_type = 'feedback'
            and feedback_score_normalised is not null
    ) as ranked
    where recency = 1

),

sessions as (

    select
        message_totals.*,
        coalesce(turn_totals.turns, 0) as turns,
        coalesce(turn_totals.answered_turns, 0) as answered_turns,
        coalesce(turn_totals.rephrases, 0) as rephrases,
        coalesce(turn_totals.frustrated_turns, 0) as frustrated_turns,
        turn_totals.max_frustration_score,
        coalesce(turn_totals.asked_for_human, 0) = 1 as asked_for_human,
        turn_totals.avg_reply_latency_ms,
        coalesce(event_totals.handoffs, 0) as handoffs,
        coalesce(event_totals.feedback_count, 0) as feedback_count,
        first_handoff.handoff_reason,
        latest_feedback.feedback_score,
        first_turn.intent_id as first_intent_id,
        last_turn.intent_id as last_intent_id,
        coalesce(last_turn.is_answered, false) as last_turn_is_answered,
        coalesce(last_turn.is_rephrase, false) as last_turn_is_rephrase,
        coalesce(last_turn.is_frustrated, false) as last_turn_is_frustrated,
        coalesce(last_turn.gratitude, false) as last_turn_gratitude,
        coalesce(session_language.language, 'und') as language,
        first_variant.variant,
        first_user_message.department,
        first_user_message.channel
    from message_totals
    left join turn_totals on message_totals.session_id = turn_totals.session_id
    left join event_totals on message_totals.session_id = event_totals.session_id
    left join first_handoff on message_totals.session_id = first_handoff.session_id
    left join latest_feedback on message_totals.session_id = latest_feedback.session_id
    left join first_turn on message_totals.session_id = first_turn.session_id
    left join last_turn on message_totals.session_id = last_turn.session_id
    left join session_language on message_totals.session_id = session_language.session_id
    left join first_variant on message_totals.session_id = first_variant.session_id
    left join first_user_message on first_turn.event_id = first_user_message.event_id

),

with_outcome as (

    select
        *,
        handoffs > 0 or human_agent_messages > 0 as has_handoff,
        -- The outcome rule, first match wins; documented once in the `outcome_rules` docs block.
        case
            when handoffs > 0 or human_agent_messages > 0 then 'escalated'
            when feedback_score >= {{ var('positive_feedback_min_score') }} then 'success'
            when feedback_score <= {{ var('negative_feedback_max_score') }} then 'failure'
            when asked_for_human or last_turn_is_frustrated then 'failure'
            when last_turn_gratitude then 'success'
            when not last_turn_is_answered or last_turn_is_rephrase then 'abandoned'
            else 'unknown'
        end as outcome
    from sessions

)

select
    cast(session_id as {{ dbt.type_string() }}) as session_id,
    cast(conversation_key as {{ dbt.type_string() }}) as conversation_key,
    cast(conversation_id as {{ dbt.type_string() }}) as conversation_id,
    cast(assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(user_id as {{ dbt.type_string() }}) as user_id,
    cast(department as {{ dbt.type_string() }}) as department,
    cast(channel as {{ dbt.type_string() }}) as channel,
    cast(session_start_at as {{ dbt.type_timestamp() }}) as session_start_at,
    cast(session_end_at as {{ dbt.type_timestamp() }}) as session_end_at,
    cast(session_start_at as date) as session_date,
    cast({{ dbt.datediff('session_start_at', 'session_end_at', 'second') }} as {{ dbt.type_bigint() }})
        as duration_seconds,
    cast(turns as {{ dbt.type_bigint() }}) as turns,
    cast(messages as {{ dbt.type_bigint() }}) as messages,
    cast(assistant_messages as {{ dbt.type_bigint() }}) as assistant_messages,
    cast(answered_turns as {{ dbt.type_bigint() }}) as answered_turns,
    cast(rephrases as {{ dbt.type_bigint() }}) as rephrases,
    cast(rephrases > 0 as {{ dbt.type_boolean() }}) as has_rephrase,
    cast(frustrated_turns as {{ dbt.type_bigint() }}) as frustrated_turns,
    cast(max_frustration_score as {{ type_double() }}) as max_frustration_score,
    cast(frustrated_turns > 0 as {{ dbt.type_boolean() }}) as is_frustrated,
    cast(asked_for_human as {{ dbt.type_boolean() }}) as asked_for_human,
    cast(has_handoff as {{ dbt.type_boolean() }}) as has_handoff,
    cast(handoffs as {{ dbt.type_bigint() }}) as handoffs,
    cast(handoff_reason as {{ dbt.type_string() }}) as handoff_reason,
    cast(feedback_count as {{ dbt.type_bigint() }}) as feedback_count,
    cast(feedback_score as {{ type_double() }}) as feedback_score,
    cast(outcome as {{ dbt.type_string() }}) as outcome,
    cast(turns as {{ dbt.type_bigint() }}) as last_turn_index,
    cast(last_turn_is_answered as {{ dbt.type_boolean() }}) as last_turn_is_answered,
    cast(first_intent_id as {{ dbt.type_string() }}) as first_intent_id,
    cast(last_intent_id as {{ dbt.type_string() }}) as last_intent_id,
    cast(language as {{ dbt.type_string() }}) as language,
    cast(variant as {{ dbt.type_string() }}) as variant,
    cast(avg_reply_latency_ms as {{ type_double() }}) as avg_reply_latency_ms,
    cast(input_tokens as {{ dbt.type_bigint() }}) as input_tokens,
    cast(output_tokens as {{ dbt.type_bigint() }}) as output_tokens,
    cast(cost_usd as {{ type_double() }}) as cost_usd,
    cast(reported_cost_usd as {{ type_double() }}) as reported_cost_usd,
    cast(unpriced_messages as {{ dbt.type_bigint() }}) as unpriced_messages,
    cast(messages_with_pii as {{ dbt.type_bigint() }}) as messages_with_pii,
    {{ run_started_timestamp() }} as built_at
from with_outcome
