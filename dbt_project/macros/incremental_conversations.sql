{#
    The conversations (conversation_key) an incremental run of fct_messages must rebuild, as a subquery.

    A conversation is rebuilt whole, so a session that spans the previous run's boundary (or that a late
    event splits or merges) comes out exactly as a full refresh would build it. It is rebuilt when any
    of its events
      - was (re-)sessionized by int_events_sessionized since this model's last build (built_at): a newly
        loaded event or a conversation it joins, however old its event time, or
      - is a message rated by feedback (re-)sessionized since then, whatever conversation the feedback
        was filed under, or
      - got signals or an intent written by enrichment after the newest ones already built, or
      - lost the intent it was built with (an assignment deleted upstream and not rewritten). Looking
        for those joins every built message with every assignment (0.6 s at 5M), so it is done only
        when the ids say one may be missing. Each message built with an intent was built from an
        assignment, so after a build those messages are assignments dated at or before the newest one
        built; the join is skipped when both sets of ids are still the same, compared by their size
        and an order-free fingerprint (key_fingerprint: a sum of 64-bit hashes, on DuckDB and
        PostgreSQL; elsewhere the join always runs). An assignment deleted or rewritten with a later
        date (caught above as well) leaves the assignments short of a built message; one staged for a
        message not built yet adds one; either changes the fingerprint, even when the sizes balance.
    On top of these, fct_messages checks the conversations of the late-event lookback
    (lookback_conversations) and rebuilds those whose messages no longer match what their rows record
    they were built from.
    Changes to seeds (prices, assistants) are not detected: run `dbt build --full-refresh` after
    editing a seed.
#}
{% macro incremental_conversations() %}
    {%- set built_since = watermark('built_at') -%}
    {%- set assigned_since = watermark('intent_assigned_at') -%}
    {#- each criterion selects its few rows on its own (a union, not one filter over a join of everything) -#}
    select sessionized.conversation_key
    from {{ ref('int_events_sessionized') }} as sessionized
    where sessionized.built_at > {{ built_since }}
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
        where intents.intent_assigned_at > {{ assigned_since }}
    ) as enriched_since
        on sessionized.event_id = enriched_since.event_id
    {%- if intent_assignments_may_be_missing(assigned_since) %}
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

{#
    The conversations with an event within `late_event_lookback_days` of the newest message fct_messages
    holds, as a subquery: checked on every run, and rebuilt only where their messages no longer match
    what the rows built record they were built from (see fct_messages).
#}
{% macro lookback_conversations() %}
    select sessionized.conversation_key
    from {{ ref('int_events_sessionized') }} as sessionized
    where sessionized.event_at >= {{ dbt.dateadd('day', -1 * var('late_event_lookback_days'), watermark('message_at')) }}
        and sessionized.conversation_key is not null
{% endmacro %}

{# True unless the messages fct_messages built with an intent are exactly the assignments dated at or
   before the newest one it built (`assigned_since`, its watermark), by count and key_fingerprint (see
   above); true at parse time and where the adapter has no fingerprint. #}
{% macro intent_assignments_may_be_missing(assigned_since) %}
    {%- set fingerprint = key_fingerprint('event_id') -%}
    {%- if not execute or fingerprint is none -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set built = 'from ' ~ this ~ ' where intent_assigned_at is not null' -%}
    {%- set assigned = 'from ' ~ ref('stg_enriched__message_intents')
        ~ ' where intent_assigned_at <= ' ~ assigned_since -%}
    {%- set sides = run_query(
        'select (select count(*) ' ~ built ~ '), (select count(*) ' ~ assigned ~ '),'
        ~ ' (select ' ~ fingerprint ~ ' ' ~ built ~ '), (select ' ~ fingerprint ~ ' ' ~ assigned ~ ')'
    ).rows[0] -%}
    {{ return(sides[0] != sides[1] or sides[2] != sides[3]) }}
{% endmacro %}

{# An order-free fingerprint of a set of keys, as an aggregate over `column`: the exact sum of their 64-bit
   hashes. Two sets with the same size and fingerprint are the same set, barring a 64-bit hash collision.
   None where no such hash is known (the caller then does the exact work instead). #}
{% macro key_fingerprint(column) -%}
    {{ return(adapter.dispatch('key_fingerprint', 'parley')(column)) }}
{%- endmacro %}

{% macro default__key_fingerprint(column) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro duckdb__key_fingerprint(column) -%}
    {{ return('sum(cast(hash(' ~ column ~ ') as hugeint))') }}
{%- endmacro %}

{% macro postgres__key_fingerprint(column) -%}
    {{ return('sum(cast(hashtextextended(' ~ column ~ ', 0) as numeric))') }}
{%- endmacro %}
