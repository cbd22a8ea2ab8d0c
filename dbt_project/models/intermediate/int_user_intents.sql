{#
    One row per user, intent, assistant and language: the user's messages of that intent to that
    assistant in that language (user messages in a session, as mart_intents counts them), with the
    number of sessions and three flags that turn mart_intents' distinct counts into sums:
      - sessions: the sessions with the intent whose first (assistant, language) is this row's, so each
        session counts once per intent however many languages its messages of the intent were in;
      - is_first_of_intent: 1 on one row of each user and intent, so an intent's users are a sum;
      - is_first_of_intent_language / is_first_of_intent_assistant: 1 on one row of each user, intent
        and language / assistant, for its users per language / assistant.
    mart_intents then reads about one row per user and intent (1.7M at 5M messages) with sums, instead
    of counting distinct users and sessions over every user message on every build.

    Incremental by user, like int_active_user_days: a run rebuilds, from the user's whole history, every
    user with messages fct_messages (re)built since this model's last build (a rebuilt message can change
    its intent, language or session).
#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='user_id',
        on_schema_change='fail'
    )
}}

with user_messages as (

    select
        user_id,
        intent_id,
        assistant_id,
        language,
        session_id
    from {{ ref('fct_messages') }}
    where role = 'user'
        and session_id is not null
        {% if is_incremental() %}
        and user_id in (
            select changed.user_id
            from {{ ref('fct_messages') }} as changed
            where changed.built_at > {{ watermark('built_at') }}
        )
        {% endif %}

),

ranked as (

    select
        user_messages.*,
        row_number() over (
            partition by intent_id, session_id
            order by assistant_id, language
        ) as rank_in_session
    from user_messages

),

grouped as (

    select
        user_id,
        intent_id,
        assistant_id,
        language,
        count(*) as user_messages,
        sum(case when rank_in_session = 1 then 1 else 0 end) as sessions
    from ranked
    group by user_id, intent_id, assistant_id, language

)

select
    cast(user_id as {{ dbt.type_string() }}) as user_id,
    cast(intent_id as {{ dbt.type_string() }}) as intent_id,
    cast(assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(language as {{ dbt.type_string() }}) as language,
    cast(user_messages as {{ dbt.type_bigint() }}) as user_messages,
    cast(sessions as {{ dbt.type_bigint() }}) as sessions,
    cast(case when row_number() over (
        partition by user_id, intent_id order by assistant_id, language
    ) = 1 then 1 else 0 end as {{ dbt.type_int() }}) as is_first_of_intent,
    cast(case when row_number() over (
        partition by user_id, intent_id, language order by assistant_id
    ) = 1 then 1 else 0 end as {{ dbt.type_int() }}) as is_first_of_intent_language,
    cast(case when row_number() over (
        partition by user_id, intent_id, assistant_id order by language
    ) = 1 then 1 else 0 end as {{ dbt.type_int() }}) as is_first_of_intent_assistant,
    {{ run_started_timestamp() }} as built_at
from grouped
