{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='append_new_columns',
        post_hook="{{ analyze_relation(this) }}"
    )
}}
{% set epoch = epoch_timestamp() %}
-- A table, not a view: fct_messages, its incremental selection and the key tests all read it, and each
-- would otherwise re-deduplicate all of enriched.message_signals. Incremental by enriched_at:
-- enrichment writes every row with the time it wrote it, including the rows whose similarity it
-- recomputes, so each build replaces (by event_id) exactly the messages enriched since the newest
-- enrichment already here (>=, so rows written in the same instant as the watermark are not skipped).
with source as (

    select signals.*
    from {{ source('enriched', 'message_signals') }} as signals
    {% if is_incremental() %}
    where signals.enriched_at >= {{ watermark('enriched_at') }}
    {% endif %}

),

deduplicated as (

    -- The latest row of each event_id.
    {{ keep_one_per_key('source', 'event_id', [['enriched_at', epoch], ['enrichment_version', "''"]], keep='latest') }}

)

select
    event_id,
    redacted_content,
    coalesce(pii_types, '') as pii_types,
    coalesce(pii_types, '') <> '' as has_pii,
    coalesce(nullif(trim(language), ''), 'und') as language,
    cast(language_confidence as {{ type_double() }}) as language_confidence,
    cast(frustration_score as {{ type_double() }}) as frustration_score,
    nullif(frustration_cues, '') as frustration_cues,
    asks_for_human,
    gratitude,
    cast(sentiment_score as {{ type_double() }}) as sentiment_score,
    cast(similarity_to_previous as {{ type_double() }}) as similarity_to_previous,
    enrichment_version,
    cast(enriched_at as {{ dbt.type_timestamp() }}) as enriched_at,
    {{ run_started_timestamp() }} as built_at
from deduplicated
