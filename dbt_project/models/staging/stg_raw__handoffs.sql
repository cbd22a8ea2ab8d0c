-- Escalations of a conversation to a person.
select
    event_id,
    event_at,
    conversation_id,
    assistant_id,
    user_id,
    handoff_reason,
    handoff_channel,
    ingested_at
from {{ ref('stg_raw__events') }}
where event_type = 'handoff'
