{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        post_hook="{{ analyze_relation(this) }}"
    )
}}
{% set epoch = epoch_timestamp() %}
-- Every loaded event, typed, one row per event_id. Message text (content) and feedback comments are
-- left out on purpose: they are unredacted, and only enrichment's redacted_content may flow downstream.
--
-- A table, not a view: every model downstream reads it, and re-deduplicating all of raw.events in each
-- of them would make every build cost a full scan per reader. Incremental because raw.events is
-- append-only (ingestion never updates a row): each build appends the events it has not read yet (the
-- `unread` macro: loaded after the newest load here, or at it and not here yet).
with source as (

    select events.*
    from {{ source('raw', 'events') }} as events
    {% if is_incremental() %}
    where {{ unread('events', source('raw', 'events'), 'ingested_at', 'event_id') }}
    {% endif %}

),

deduplicated as (

    -- Ingestion already refuses a second copy of an event_id; keeping the first-loaded copy here makes
    -- every downstream key safe even if a table was filled by other means.
    {{ keep_one_per_key('source', 'event_id', [['ingested_at', epoch], ['source_file', "''"], ['source_line', '0']], keep='first') }}

)

select
    cast(event_id as {{ dbt.type_string() }}) as event_id,
    cast(event_type as {{ dbt.type_string() }}) as event_type,
    -- Stored in UTC by ingestion (offsets are applied there); every date and week below is a UTC one.
    cast("timestamp" as {{ dbt.type_timestamp() }}) as event_at,
    -- Other formats may lack a conversation id: NULL then, and sessions fall back to user + assistant.
    nullif(trim(conversation_id), '') as conversation_id,
    cast(assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(user_id as {{ dbt.type_string() }}) as user_id,
    nullif(trim(role), '') as role,
    nullif(trim(target_event_id), '') as target_event_id,
    cast(feedback_score as {{ type_double() }}) as feedback_score,
    nullif(trim(feedback_scale), '') as feedback_scale,
    nullif(trim(handoff_reason), '') as handoff_reason,
    nullif(trim(handoff_channel), '') as handoff_channel,
    nullif(trim(model), '') as model,
    nullif(trim(provider), '') as provider,
    nullif(trim(variant), '') as variant,
    cast(input_tokens as {{ dbt.type_bigint() }}) as input_tokens,
    cast(output_tokens as {{ dbt.type_bigint() }}) as output_tokens,
    cast(latency_ms as {{ type_double() }}) as latency_ms,
    cast(cost_usd as {{ type_double() }}) as reported_cost_usd,
    {{ json_text('user_properties', 'department') }} as department,
    {{ json_text('user_properties', 'region') }} as region,
    {{ json_text('user_properties', 'country') }} as country,
    {{ json_text('user_properties', 'locale') }} as locale,
    {{ json_text('user_properties', 'job_role') }} as job_role,
    {{ json_text('properties', 'channel') }} as channel,
    source_format,
    cast(ingested_at as {{ dbt.type_timestamp() }}) as ingested_at,
    {{ run_started_timestamp() }} as built_at
from deduplicated
