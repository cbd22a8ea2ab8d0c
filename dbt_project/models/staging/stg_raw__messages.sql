-- Message events (every role). No message text: see stg_enriched__message_signals.redacted_content.
select
    event_id,
    event_at,
    conversation_id,
    assistant_id,
    user_id,
    role,
    model,
    provider,
    variant,
    input_tokens,
    output_tokens,
    latency_ms,
    reported_cost_usd,
    department,
    region,
    country,
    locale,
    job_role,
    channel,
    ingested_at,
    built_at
from {{ ref('stg_raw__events') }}
where event_type = 'message'
