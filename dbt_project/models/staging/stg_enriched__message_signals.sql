{% set epoch = "cast('1900-01-01' as " ~ dbt.type_timestamp() ~ ")" %}

with source as (

    select * from {{ source('enriched', 'message_signals') }}

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
    cast(enriched_at as {{ dbt.type_timestamp() }}) as enriched_at
from deduplicated
