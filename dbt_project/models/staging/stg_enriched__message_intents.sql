{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='append_new_columns',
        post_hook=[
            "{{ drop_rows_gone_from_source(this, source('enriched', 'message_intents'), 'event_id') }}",
            "{{ analyze_relation(this) }}",
        ]
    )
}}
{% set epoch = epoch_timestamp() %}
-- A table for the same reason as stg_enriched__message_signals. Incremental by assigned_at: each build
-- replaces (by event_id) the assignments written since the newest one already here. A re-cluster
-- deletes every assignment and writes new ones, so it replaces every row; a message whose assignment
-- was deleted and not rewritten is dropped after the build (post-hook), as a full refresh would.
with source as (

    select intents.*
    from {{ source('enriched', 'message_intents') }} as intents
    {% if is_incremental() %}
    where intents.assigned_at >= {{ watermark('intent_assigned_at') }}
    {% endif %}

),

deduplicated as (

    -- The latest row of each event_id.
    {{ keep_one_per_key('source', 'event_id', [['assigned_at', epoch], ['model_version', "''"], ['intent_id', "''"]], keep='latest') }}

)

select
    event_id,
    intent_id,
    cast(similarity as {{ type_double() }}) as intent_similarity,
    model_version as intent_model_version,
    cast(assigned_at as {{ dbt.type_timestamp() }}) as intent_assigned_at,
    {{ run_started_timestamp() }} as built_at
from deduplicated
