with source as (

    select * from {{ source('enriched', 'message_intents') }}

),

deduplicated as (

    select
        *,
        row_number() over (partition by event_id order by assigned_at desc nulls last, model_version desc nulls last, intent_id) as version_rank
    from source

)

select
    event_id,
    intent_id,
    cast(similarity as {{ type_double() }}) as intent_similarity,
    model_version as intent_model_version,
    cast(assigned_at as {{ dbt.type_timestamp() }}) as intent_assigned_at
from deduplicated
where version_rank = 1
