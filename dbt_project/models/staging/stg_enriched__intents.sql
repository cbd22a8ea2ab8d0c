{% set epoch = "cast('1900-01-01' as " ~ dbt.type_timestamp() ~ ")" %}

with source as (

    select * from {{ source('enriched', 'intents') }}

),

deduplicated as (

    -- The latest row of each intent_id (see stg_raw__events for why an anti-join and not row_number()).
    select source.*
    from source
    where not exists (
        select 1
        from source as later
        where later.intent_id = source.intent_id
            and (
                coalesce(later.updated_at, {{ epoch }}) > coalesce(source.updated_at, {{ epoch }})
                or (
                    coalesce(later.updated_at, {{ epoch }}) = coalesce(source.updated_at, {{ epoch }})
                    and coalesce(later.model_version, '') > coalesce(source.model_version, '')
                )
            )
    )

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
