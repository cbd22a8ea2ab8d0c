{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='conversation_key',
        on_schema_change='fail'
    )
}}

{#
    Incremental: each run deletes and rebuilds whole conversations (unique_key = conversation_key is a
    replacement key, not a row key): the conversations that new, late or newly enriched events touched
    (incremental_conversations), and those of the late-event lookback (lookback_conversations, var
    late_event_lookback_days) that come out different. A lookback conversation that nothing new touched
    is checked, not rebuilt: each of its messages is compared with the row built for it on what the row
    was built from (its session and turn, its load, the enrichment and intent assignment it read, its
    feedback), and the conversation is rebuilt when any of those differs, or a message is missing on
    either side. The watermarks catch every late event, so the check finds nothing on a normal run;
    rewriting those conversations unchanged would stamp them with a new built_at and make every model
    downstream rebuild them (their sessions, users and periods) for nothing, and deriving them whole
    (their text and signals) to compare every column cost about what deriving a new day does
    (docs/performance.md).
#}
{#- what the lookback check compares: the columns of a row that record what it was built from -#}
{% set built_from = ['session_id', 'turn_index', 'ingested_at', 'enriched_at', 'intent_id', 'intent_assigned_at',
                     'feedback_count', 'feedback_score'] %}

with messages as (

    select * from {{ ref('stg_raw__messages') }}

),

signals as (

    select * from {{ ref('stg_enriched__message_signals') }}

),

assistants as (

    select * from {{ ref('assistants') }}

),

prices as (

    select * from {{ ref('model_prices') }}

),

feedback_ranked as (

    select
        target_event_id,
        event_at,
        feedback_score_normalised,
        count(*) over (partition by target_event_id) as feedback_count,
        row_number() over (partition by target_event_id order by event_at desc, event_id desc) as recency
    from {{ ref('stg_raw__feedback') }}
    where target_event_id is not null

),

latest_feedback as (

    select * from feedback_ranked where recency = 1

),

{% if is_incremental() %}touched as (

    -- the conversations new, late or newly enriched events touched
    {{ incremental_conversations() }}

),

lookback as (

    {{ lookback_conversations() }}

),

lookback_only as (

    -- the lookback's conversations that nothing new touched
    select conversation_key from lookback
    {{ dbt.except() }}
    select conversation_key from touched

),

lookback_messages as (

    -- their messages, with what int_events_sessionized gives each row
    select conversation_key, event_id, role, session_id, turn_index, ingested_at
    from {{ ref('int_events_sessionized') }}
    where event_type = 'message'
        and conversation_key in (select conversation_key from lookback_only)

),

lookback_inputs as (

    -- what each of those messages would be built from now, typed as fct_messages holds it
    select
        sessionized.conversation_key,
        sessionized.event_id,
        cast(sessionized.session_id as {{ dbt.type_string() }}) as session_id,
        cast(sessionized.turn_index as {{ dbt.type_bigint() }}) as turn_index,
        cast(sessionized.ingested_at as {{ dbt.type_timestamp() }}) as ingested_at,
        cast(signals.enriched_at as {{ dbt.type_timestamp() }}) as enriched_at,
        cast({{ message_intent_id('sessionized.role', 'intents.intent_id') }} as {{ dbt.type_string() }}) as intent_id,
        cast(intents.intent_assigned_at as {{ dbt.type_timestamp() }}) as intent_assigned_at,
        cast(coalesce(latest_feedback.feedback_count, 0) as {{ dbt.type_bigint() }}) as feedback_count,
        cast(latest_feedback.feedback_score_normalised as {{ type_double() }}) as feedback_score
    from lookback_messages as sessionized
    -- each input narrowed to these messages before the join (see intents below)
    left join (
        select event_id, enriched_at
        from {{ ref('stg_enriched__message_signals') }}
        where event_id in (select event_id from lookback_messages)
    ) as signals
        on sessionized.event_id = signals.event_id
    left join (
        select event_id, intent_id, intent_assigned_at
        from {{ ref('stg_enriched__message_intents') }}
        where event_id in (select event_id from lookback_messages)
    ) as intents
        on sessionized.event_id = intents.event_id
    left join latest_feedback
        on sessionized.event_id = latest_feedback.target_event_id

),

lookback_changed as (

    -- the conversations whose messages no longer match the rows built from them (a conversation with no
    -- message left is not checked: messages are never deleted upstream, so only an edit by hand leaves
    -- one, and a full refresh removes it)
    select distinct coalesce(fresh.conversation_key, built.conversation_key) as conversation_key
    from (
        select fresh_row.conversation_key, fresh_row.event_id, {{ row_hash('fresh_row', built_from) }} as row_hash
        from lookback_inputs as fresh_row
    ) as fresh
    full outer join (
        select built_row.conversation_key, built_row.event_id, {{ row_hash('built_row', built_from) }} as row_hash
        from {{ this }} as built_row
        where built_row.conversation_key in (select conversation_key from lookback_only)
    ) as built
        on fresh.conversation_key = built.conversation_key
        and fresh.event_id = built.event_id
    where fresh.event_id is null
        or built.event_id is null
        or fresh.row_hash <> built.row_hash

),

{% endif %}sessionized as (

    select *
    from {{ ref('int_events_sessionized') }}
    where event_type = 'message'
    {% if is_incremental() %}
        and conversation_key in (
            select conversation_key from touched
            union all
            select conversation_key from lookback_changed
        )
    {% endif %}

),

intents as (

    select * from {{ ref('stg_enriched__message_intents') }}
    {% if is_incremental() %}
    -- narrowed to the messages rebuilt before the join: a left join builds its table from the right side,
    -- all 2.4M intent assignments at 5M messages otherwise
    where event_id in (select event_id from sessionized)
    {% endif %}

),

joined as (

    select
        sessionized.event_id,
        sessionized.conversation_key,
        sessionized.session_id,
        sessionized.turn_index,
        sessionized.conversation_id,
        sessionized.assistant_id,
        sessionized.user_id,
        sessionized.role,
        sessionized.event_at as message_at,
        signals.redacted_content,
        signals.pii_types,
        signals.has_pii,
        signals.language,
        signals.language_confidence,
        signals.frustration_score,
        signals.frustration_cues,
        signals.asks_for_human,
        signals.gratitude,
        signals.sentiment_score,
        signals.similarity_to_previous,
        intents.intent_id,
        intents.intent_similarity,
        -- The event names its model when the source logged it; otherwise the assistant's default model.
        coalesce(messages.provider, assistants.provider) as provider,
        coalesce(messages.model, assistants.model) as model,
        messages.variant,
        messages.input_tokens,
        messages.output_tokens,
        messages.latency_ms,
        messages.reported_cost_usd,
        latest_feedback.feedback_count,
        latest_feedback.feedback_score_normalised as feedback_score,
        messages.department,
        messages.region,
        messages.country,
        messages.locale,
        messages.job_role,
        messages.channel,
        sessionized.ingested_at,
        signals.enriched_at,
        intents.intent_assigned_at
    from sessionized
    inner join messages
        on sessionized.event_id = messages.event_id
        -- equal by construction (int_events_sessionized copies it); the engine can then skip every block
        -- of messages outside the rebuilt events' time range (DuckDB: 0.4 s less per run at 5M)
        and sessionized.event_at = messages.event_at
    left join signals
        on sessionized.event_id = signals.event_id
    left join intents
        on sessionized.event_id = intents.event_id
    left join assistants
        on sessionized.assistant_id = assistants.assistant_id
    left join latest_feedback
        on sessionized.event_id = latest_feedback.target_event_id

),

price_candidates as (

    -- The price in force at the message: the latest valid_from on or before it, among rows whose
    -- valid_to (read as the last day the price applies) has not passed. A valid_to written as the next
    -- price's first day is handled too: on that day the newer row wins by its later valid_from.
    select
        joined.event_id,
        prices.input_usd_per_1m,
        prices.output_usd_per_1m,
        row_number() over (
            partition by joined.event_id
            order by prices.valid_from desc
        ) as price_rank
    from joined
    inner join prices
        on joined.provider = prices.provider
        and joined.model = prices.model
        and prices.valid_from <= joined.message_at
        and (
            prices.valid_to is null
            or joined.message_at < {{ dbt.dateadd('day', 1, 'prices.valid_to') }}
        )
    where joined.input_tokens is not null or joined.output_tokens is not null

),

price_in_force as (

    select * from price_candidates where price_rank = 1

),

rebuilt as (

select
    cast(joined.event_id as {{ dbt.type_string() }}) as event_id,
    cast(joined.conversation_key as {{ dbt.type_string() }}) as conversation_key,
    cast(joined.session_id as {{ dbt.type_string() }}) as session_id,
    cast(joined.turn_index as {{ dbt.type_bigint() }}) as turn_index,
    cast(joined.conversation_id as {{ dbt.type_string() }}) as conversation_id,
    cast(joined.assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(joined.user_id as {{ dbt.type_string() }}) as user_id,
    cast(joined.role as {{ dbt.type_string() }}) as role,
    cast(joined.message_at as {{ dbt.type_timestamp() }}) as message_at,
    cast(joined.message_at as date) as message_date,
    cast(joined.redacted_content as {{ dbt.type_string() }}) as redacted_content,
    cast(coalesce(joined.pii_types, '') as {{ dbt.type_string() }}) as pii_types,
    cast(coalesce(joined.has_pii, false) as {{ dbt.type_boolean() }}) as has_pii,
    cast(coalesce(joined.language, 'und') as {{ dbt.type_string() }}) as language,
    cast(joined.language_confidence as {{ type_double() }}) as language_confidence,
    cast(joined.frustration_score as {{ type_double() }}) as frustration_score,
    cast(joined.frustration_cues as {{ dbt.type_string() }}) as frustration_cues,
    cast(
        case
            when joined.role = 'user'
                then coalesce(joined.frustration_score >= {{ var('frustration_min_score') }}, false)
        end as {{ dbt.type_boolean() }}
    ) as is_frustrated,
    cast(joined.asks_for_human as {{ dbt.type_boolean() }}) as asks_for_human,
    cast(joined.gratitude as {{ dbt.type_boolean() }}) as gratitude,
    cast(joined.sentiment_score as {{ type_double() }}) as sentiment_score,
    cast(joined.similarity_to_previous as {{ type_double() }}) as similarity_to_previous,
    cast({{ message_intent_id('joined.role', 'joined.intent_id') }} as {{ dbt.type_string() }}) as intent_id,
    cast(joined.intent_similarity as {{ type_double() }}) as intent_similarity,
    cast(joined.provider as {{ dbt.type_string() }}) as provider,
    cast(joined.model as {{ dbt.type_string() }}) as model,
    cast(joined.variant as {{ dbt.type_string() }}) as variant,
    cast(joined.input_tokens as {{ dbt.type_bigint() }}) as input_tokens,
    cast(joined.output_tokens as {{ dbt.type_bigint() }}) as output_tokens,
    cast(joined.latency_ms as {{ type_double() }}) as latency_ms,
    cast(
        coalesce(joined.input_tokens, 0) * price_in_force.input_usd_per_1m / 1000000.0
        + coalesce(joined.output_tokens, 0) * price_in_force.output_usd_per_1m / 1000000.0
        as {{ type_double() }}
    ) as cost_usd,
    cast(joined.reported_cost_usd as {{ type_double() }}) as reported_cost_usd,
    cast(coalesce(joined.feedback_count, 0) as {{ dbt.type_bigint() }}) as feedback_count,
    cast(joined.feedback_score as {{ type_double() }}) as feedback_score,
    cast(joined.department as {{ dbt.type_string() }}) as department,
    cast(joined.region as {{ dbt.type_string() }}) as region,
    cast(joined.country as {{ dbt.type_string() }}) as country,
    cast(joined.locale as {{ dbt.type_string() }}) as locale,
    cast(joined.job_role as {{ dbt.type_string() }}) as job_role,
    cast(joined.channel as {{ dbt.type_string() }}) as channel,
    cast(joined.ingested_at as {{ dbt.type_timestamp() }}) as ingested_at,
    cast(joined.enriched_at as {{ dbt.type_timestamp() }}) as enriched_at,
    cast(joined.intent_assigned_at as {{ dbt.type_timestamp() }}) as intent_assigned_at,
    {{ run_started_timestamp() }} as built_at
from joined
left join price_in_force
    on joined.event_id = price_in_force.event_id

)

select * from rebuilt
