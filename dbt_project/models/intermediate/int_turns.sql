{#
    One row per turn: a user message in a session, paired with what the assistant answered before the
    user's next message (its first reply, latency, and the tokens and cost of every reply in between).
    The rephrase rule lives here (see the `rephrase_rule` docs block).

    Incremental in step with fct_messages: a run rebuilds, whole, the conversations whose messages
    fct_messages rebuilt since this model's last build (built_at).
#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='conversation_key',
        on_schema_change='append_new_columns'
    )
}}

with messages as (

    select * from {{ ref('fct_messages') }}
    where session_id is not null
    {% if is_incremental() %}
        -- fct_messages replaces whole conversations, so the rows it wrote since this model's last build
        -- are exactly the conversations to rebuild: no lookup of their keys across the whole table.
        and built_at > {{ watermark('built_at') }}
    {% endif %}

),

user_turns as (

    select
        *,
        lag(message_at) over (partition by session_id order by turn_index) as previous_user_message_at
    from messages
    where role = 'user'

),

replies_ranked as (

    select
        session_id,
        turn_index,
        event_id,
        message_at,
        latency_ms,
        row_number() over (partition by session_id, turn_index order by message_at, event_id) as reply_rank
    from messages
    where role = 'assistant'
        and turn_index >= 1

),

first_reply as (

    select * from replies_ranked where reply_rank = 1

),

reply_totals as (

    -- Everything between this user message and the next one that is not the user: assistant answers,
    -- tool calls, a human agent. Tokens and cost are summed over all of them.
    select
        session_id,
        turn_index,
        count(case when role = 'assistant' then 1 end) as assistant_messages,
        count(case when role = 'human_agent' then 1 end) as human_agent_messages,
        sum(input_tokens) as input_tokens,
        sum(output_tokens) as output_tokens,
        {{ exact_sum('cost_usd') }} as cost_usd,
        count(case when cost_usd is null and (input_tokens is not null or output_tokens is not null) then 1 end)
            as unpriced_messages
    from messages
    where role <> 'user'
        and turn_index >= 1
    group by session_id, turn_index

)

select
    user_turns.event_id,
    user_turns.session_id,
    user_turns.conversation_key,
    user_turns.turn_index,
    user_turns.assistant_id,
    user_turns.user_id,
    user_turns.message_at,
    user_turns.previous_user_message_at,
    user_turns.intent_id,
    user_turns.language,
    user_turns.frustration_score,
    user_turns.is_frustrated,
    coalesce(user_turns.asks_for_human, false) as asks_for_human,
    coalesce(user_turns.gratitude, false) as gratitude,
    user_turns.similarity_to_previous,
    coalesce(
        user_turns.similarity_to_previous >= {{ var('rephrase_min_similarity') }}
        and {{ dbt.datediff('user_turns.previous_user_message_at', 'user_turns.message_at', 'second') }}
            <= {{ var('rephrase_max_seconds') }},
        false
    ) as is_rephrase,
    first_reply.event_id as reply_event_id,
    first_reply.message_at as replied_at,
    first_reply.event_id is not null as is_answered,
    -- The latency the source reported for the first reply; measured from the timestamps when it did not.
    coalesce(
        first_reply.latency_ms,
        {{ dbt.datediff('user_turns.message_at', 'first_reply.message_at', 'millisecond') }}
    ) as reply_latency_ms,
    coalesce(reply_totals.assistant_messages, 0) as assistant_messages,
    coalesce(reply_totals.human_agent_messages, 0) as human_agent_messages,
    cast(reply_totals.input_tokens as {{ dbt.type_bigint() }}) as input_tokens,
    cast(reply_totals.output_tokens as {{ dbt.type_bigint() }}) as output_tokens,
    reply_totals.cost_usd,
    coalesce(reply_totals.unpriced_messages, 0) as unpriced_messages,
    -- this run's start, not fct_messages' stamp: rows a skipped run left behind are still this build's
    {{ run_started_timestamp() }} as built_at
from user_turns
left join first_reply
    on user_turns.session_id = first_reply.session_id
    and user_turns.turn_index = first_reply.turn_index
left join reply_totals
    on user_turns.session_id = reply_totals.session_id
    and user_turns.turn_index = reply_totals.turn_index
