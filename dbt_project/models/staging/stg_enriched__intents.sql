{% set epoch = epoch_timestamp() %}

with source as (

    select * from {{ source('enriched', 'intents') }}

),

deduplicated as (

    -- The latest row of each intent_id.
    {{ keep_one_per_key('source', 'intent_id', [['updated_at', epoch], ['model_version', "''"]], keep='latest') }}

)

select
    intent_id,
    label as intent_label,
    keywords as intent_keywords,
    cast(size as {{ dbt.type_bigint() }}) as intent_size,
    -- Already redacted by enrichment: the only example text of an intent BI may show.
    representative_text,
    coalesce(is_unclassified, false) as is_unclassified,
    model_version as intent_model_version,
    cast(first_seen_at as {{ dbt.type_timestamp() }}) as first_seen_at,
    cast(last_seen_at as {{ dbt.type_timestamp() }}) as last_seen_at,
    cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at
from deduplicated
