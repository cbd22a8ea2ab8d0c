{% set epoch = "cast('1900-01-01' as " ~ dbt.type_timestamp() ~ ")" %}

with source as (

    select * from {{ source('enriched', 'message_intents') }}

),

deduplicated as (

    -- The latest row of each event_id (see stg_raw__events for why an anti-join and not row_number()).
    select source.*
    from source
    where not exists (
        select 1
        from source as later
        where later.event_id = source.event_id
            and (
                coalesce(later.assigned_at, {{ epoch }}) > coalesce(source.assigned_at, {{ epoch }})
                or (
                    coalesce(later.assigned_at, {{ epoch }}) = coalesce(source.assigned_at, {{ epoch }})
                    and coalesce(later.model_version, '') > coalesce(source.model_version, '')
                )
                or (
                    coalesce(later.assigned_at, {{ epoch }}) = coalesce(source.assigned_at, {{ epoch }})
                    and coalesce(later.model_version, '') = coalesce(source.model_version, '')
                    and later.intent_id > source.intent_id
                )
            )
    )

)

select
    event_id,
    intent_id,
    cast(similarity as {{ type_double() }}) as intent_similarity,
    model_version as intent_model_version,
    cast(assigned_at as {{ dbt.type_timestamp() }}) as intent_assigned_at
from deduplicated
