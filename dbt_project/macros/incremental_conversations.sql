{#
    The conversations (conversation_key) an incremental run of fct_messages must rebuild, as a subquery.

    A conversation is rebuilt whole, so a session that spans the previous run's boundary (or that a late
    event splits or merges) comes out exactly as a full refresh would build it. It is rebuilt when any
    of its events
      - happened within `late_event_lookback_days` of the newest message already built (late events), or
      - was (re-)sessionized by int_events_sessionized since this model's last build (built_at): a newly
        loaded event or a conversation it joins, however old its event time, or
      - is a message rated by feedback (re-)sessionized since then, whatever conversation the feedback
        was filed under, or
      - got signals or an intent written by enrichment after the newest ones already built, or
      - lost the intent it was built with (an assignment deleted upstream and not rewritten). Looking
        for those joins every built message with every assignment (0.6 s at 5M), so it is done only
        when the counts say one may be missing: each message built with an intent was built from an
        assignment, and every assignment is for a loaded message, so after a build the messages with an
        intent are as many as the assignments dated at or before the newest one built. An assignment
        deleted, or rewritten with a later date (caught above as well), leaves fewer of those; one
        written later with that same date leaves more. Either way the join runs.
    Changes to seeds (prices, assistants) are not detected: run `dbt build --full-refresh` after
    editing a seed.
#}
{% macro incremental_conversations() %}
    {%- set built_since = watermark('built_at') -%}
    {#- each criterion selects its few rows on its own (a union, not one filter over a join of everything) -#}
    select sessionized.conversation_key
    from {{ ref('int_events_sessionized') }} as sessionized
    where sessionized.event_at >= {{ dbt.dateadd('day', -1 * var('late_event_lookback_days'), watermark('message_at')) }}
        or sessionized.built_at > {{ built_since }}
    union all
    -- the messages that feedback re-sessionized since then is about: feedback may be filed under another
    -- conversation than the message it rates, and the message carries its count and latest score
    select rated.conversation_key
    from {{ ref('int_events_sessionized') }} as rated
    where rated.event_id in (
        select feedback.target_event_id
        from {{ ref('int_events_sessionized') }} as feedback
        where feedback.event_type = 'feedback'
            and feedback.built_at > {{ built_since }}
    )
    union all
    select sessionized.conversation_key
    from {{ ref('int_events_sessionized') }} as sessionized
    inner join (
        select signals.event_id
        from {{ ref('stg_enriched__message_signals') }} as signals
        where signals.enriched_at > {{ watermark('enriched_at') }}
        union all
        select intents.event_id
        from {{ ref('stg_enriched__message_intents') }} as intents
        where intents.intent_assigned_at > {{ watermark('intent_assigned_at') }}
    ) as enriched_since
        on sessionized.event_id = enriched_since.event_id
    {%- if intent_assignments_may_be_missing() %}
    union all
    -- (a left join, not NOT EXISTS: DuckDB plans that one as a grouping of every built event first)
    select built.conversation_key
    from {{ this }} as built
    left join {{ ref('stg_enriched__message_intents') }} as intents
        on built.event_id = intents.event_id
    where built.intent_assigned_at is not null
        and intents.event_id is null
    {%- endif %}
{% endmacro %}

{# True unless the messages fct_messages built with an intent are exactly as many as the assignments
   dated at or before the newest one it built (see above); true at parse time. #}
{% macro intent_assignments_may_be_missing() %}
    {%- if not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set counts = run_query(
        'select (select count(*) from ' ~ this ~ ' where intent_assigned_at is not null),'
        ~ ' (select count(*) from ' ~ ref('stg_enriched__message_intents')
        ~ ' where intent_assigned_at <= ' ~ watermark('intent_assigned_at') ~ ')'
    ).rows[0] -%}
    {{ return(counts[0] != counts[1]) }}
{% endmacro %}
