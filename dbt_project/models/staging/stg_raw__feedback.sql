-- Explicit feedback events, with the score put on one 0..1 scale so thumbs and stars can be averaged.
select
    event_id,
    event_at,
    conversation_id,
    assistant_id,
    user_id,
    target_event_id,
    feedback_score,
    feedback_scale,
    case
        when feedback_scale = 'thumbs' then (feedback_score + 1) / 2
        when feedback_scale = '1-5' then (feedback_score - 1) / 4
    end as feedback_score_normalised,
    ingested_at
from {{ ref('stg_raw__events') }}
where event_type = 'feedback'
