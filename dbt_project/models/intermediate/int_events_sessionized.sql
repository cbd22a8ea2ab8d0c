-- depends_on: {{ ref('stg_raw__events') }}
{#
    Assigns every message, feedback and handoff event to a session (see the `sessions` docs block).

    A conversation here is `conversation_key`: user + assistant + conversation id, or user + assistant
    alone when the source gave no conversation id. Keying on the user means a conversation id reused
    by another user (or by the same user days later: the gap splits it) can never merge two people.
    Order is event time then event_id, so the order in which files arrived does not matter.
    Timestamps are UTC: the gap is measured in UTC, so midnight and DST changes never split a session.
#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='conversation_key',
        on_schema_change='append_new_columns'
    )
}}
{#
    append_new_columns: a warehouse built before built_at existed gains the column (NULL on its old rows,
    which no downstream watermark selects) instead of failing its next incremental run.
#}
{#
    Incremental: sessions depend only on the events of their own conversation, and raw events are
    append-only, so a run re-sessionizes, whole, exactly the conversations that received events not yet
    here (the `unread` macro: loaded after the newest load here, or at it and not here yet).
    built_at marks the rows a run rebuilt, for the models downstream. A change of
    session_inactivity_minutes needs `dbt build --full-refresh`.
#}
{% set gap_seconds = var('session_inactivity_minutes') * 60 %}
{# a join, not a correlated EXISTS: DuckDB runs that as a grouping of every event's conversation first #}
{% set touched_only %}
    inner join touched_conversations as touched
        on touched.touched_user_id = typed.user_id
        and touched.touched_assistant_id = typed.assistant_id
        and touched.touched_conversation_id = coalesce(typed.conversation_id, '')
{% endset %}
{% set conversation_key = dbt.hash(dbt.concat(["user_id", "'|'", "assistant_id", "'|'", "coalesce(conversation_id, '')"])) %}

with {% if is_incremental() %}touched_conversations as (

    -- (user, assistant, conversation id): what conversation_key hashes, compared without hashing
    -- (distinct: joining them to the events adds no row; named apart from the events' own columns)
    select distinct
        user_id as touched_user_id,
        assistant_id as touched_assistant_id,
        coalesce(conversation_id, '') as touched_conversation_id
    from {{ ref('stg_raw__events') }} as loaded
    where {{ unread('loaded', ref('stg_raw__events'), 'ingested_at', 'event_id') }}

),

{% endif %}messages as (

    select
        event_id,
        'message' as event_type,
        role,
        event_at,
        conversation_id,
        assistant_id,
        user_id,
        cast(null as {{ dbt.type_string() }}) as target_event_id,
        cast(null as {{ type_double() }}) as feedback_score_normalised,
        cast(null as {{ dbt.type_string() }}) as handoff_reason,
        ingested_at
    from {{ ref('stg_raw__messages') }} as typed
    {% if is_incremental() %}{{ touched_only }}{% endif %}

),

feedback as (

    select
        event_id,
        'feedback' as event_type,
        cast(null as {{ dbt.type_string() }}) as role,
        event_at,
        conversation_id,
        assistant_id,
        user_id,
        target_event_id,
        feedback_score_normalised,
        cast(null as {{ dbt.type_string() }}) as handoff_reason,
        ingested_at
    from {{ ref('stg_raw__feedback') }} as typed
    {% if is_incremental() %}{{ touched_only }}{% endif %}

),

handoffs as (

    select
        event_id,
        'handoff' as event_type,
        cast(null as {{ dbt.type_string() }}) as role,
        event_at,
        conversation_id,
        assistant_id,
        user_id,
        cast(null as {{ dbt.type_string() }}) as target_event_id,
        cast(null as {{ type_double() }}) as feedback_score_normalised,
        handoff_reason,
        ingested_at
    from {{ ref('stg_raw__handoffs') }} as typed
    {% if is_incremental() %}{{ touched_only }}{% endif %}

),

events as (

    select
        typed_events.*,
        {{ conversation_key }} as conversation_key,
        case when event_type = 'message' and role = 'user' then 1 else 0 end as is_user_message
    from (
        select * from messages
        union all
        select * from feedback
        union all
        select * from handoffs
    ) as typed_events

),

user_messages as (

    select
        event_id,
        event_at,
        lag(event_at) over (partition by conversation_key order by event_at, event_id) as previous_user_message_at
    from events
    where is_user_message = 1

),

session_starts as (

    -- A user message opens a session when it is the conversation's first, or when the user was
    -- silent for longer than the gap (strictly longer, in whole seconds).
    select
        event_id,
        case
            when previous_user_message_at is null then 1
            when {{ dbt.datediff('previous_user_message_at', 'event_at', 'second') }} > {{ gap_seconds }} then 1
            else 0
        end as starts_session
    from user_messages

),

numbered as (

    -- Every event belongs to the latest session opened at or before it; events before a conversation's
    -- first user message (a greeting, a system prompt) belong to its first session.
    select
        events.*,
        coalesce(session_starts.starts_session, 0) as starts_session,
        sum(coalesce(session_starts.starts_session, 0)) over (
            partition by events.conversation_key
            order by events.event_at, events.event_id
            rows between unbounded preceding and current row
        ) as sessions_so_far,
        max(events.is_user_message) over (partition by events.conversation_key) as has_user_message
    from events
    left join session_starts
        on events.event_id = session_starts.event_id

),

by_time as (

    select
        *,
        -- Conversations without any user message (e.g. a notification the assistant sent) have no session.
        case when has_user_message = 1 then greatest(sessions_so_far, 1) end as session_number
    from numbered

),

session_names as (

    -- A session is named after the user message that opened it (event ids are unique and stable).
    select
        conversation_key,
        sessions_so_far as session_number,
        {{ dbt.hash(dbt.concat(["'session|'", "event_id"])) }} as session_id
    from numbered
    where starts_session = 1

),

feedback_targets as (

    -- Feedback belongs to the session of the message it rates (it may come long after the session
    -- ended); feedback whose target is unknown falls back to its own time.
    select
        feedback.event_id,
        target.session_number
    from by_time as feedback
    inner join by_time as target
        on target.event_id = feedback.target_event_id
        and target.conversation_key = feedback.conversation_key
    where feedback.event_type = 'feedback'
        and target.event_type = 'message'

),

reassigned as (

    select
        by_time.*,
        coalesce(feedback_targets.session_number, by_time.session_number) as assigned_session_number
    from by_time
    left join feedback_targets
        on by_time.event_id = feedback_targets.event_id

)

select
    reassigned.event_id,
    reassigned.event_type,
    reassigned.role,
    reassigned.event_at,
    reassigned.conversation_key,
    reassigned.conversation_id,
    reassigned.assistant_id,
    reassigned.user_id,
    session_names.session_id,
    -- Counts, cast to bigint: a sum over integers is a 128-bit integer on DuckDB, which it stores and
    -- reads back much more slowly (measured: reading turn_index for the rows of an incremental run
    -- took 1 s of fct_messages' 3.5 s at 5M events).
    cast(reassigned.assigned_session_number as {{ dbt.type_bigint() }}) as session_number,
    -- Messages only: 0 before the session's first user message, then the number of user messages so far.
    cast(case
        when reassigned.event_type = 'message' and reassigned.session_number is not null then
            sum(reassigned.is_user_message) over (
                partition by reassigned.conversation_key, reassigned.session_number
                order by reassigned.event_at, reassigned.event_id
                rows between unbounded preceding and current row
            )
    end as {{ dbt.type_bigint() }}) as turn_index,
    reassigned.target_event_id,
    reassigned.feedback_score_normalised,
    reassigned.handoff_reason,
    reassigned.ingested_at,
    {{ run_started_timestamp() }} as built_at
from reassigned
left join session_names
    on reassigned.conversation_key = session_names.conversation_key
    and reassigned.assigned_session_number = session_names.session_number
