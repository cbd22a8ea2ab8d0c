select
    model_version,
    intent_id,
    previous_model_version,
    previous_intent_id,
    cast(overlap as {{ type_double() }}) as overlap,
    cast(mapped_at as {{ dbt.type_timestamp() }}) as mapped_at
from {{ source('enriched', 'intent_id_map') }}
