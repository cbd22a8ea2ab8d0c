{% set epoch = "cast('1900-01-01' as " ~ dbt.type_timestamp() ~ ")" %}

with source as (

    select * from {{ source('enriched', 'message_intents') }}

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
    cast(assigned_at as {{ dbt.type_timestamp() }}) as intent_assigned_at
from deduplicated
