{#
    Intents of the current intent model, plus the 'unclassified' intent even before enrichment has run
    (every user message without an intent is 'unclassified', so facts always join here).
    is_risky applies the risky-intent rule (vars risky_intent_ids, risky_intent_keywords).
#}
with intents as (

    select * from {{ ref('stg_enriched__intents') }}

),

with_unclassified as (

    select
        intent_id,
        intent_label,
        intent_keywords,
        intent_size,
        representative_text,
        is_unclassified,
        intent_model_version
    from intents
    union all
    select
        'unclassified',
        'unclassified',
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_bigint() }}),
        cast(null as {{ dbt.type_string() }}),
        true,
        cast(null as {{ dbt.type_string() }})
    where not exists (select 1 from intents where intent_id = 'unclassified')

)

select
    cast(intent_id as {{ dbt.type_string() }}) as intent_id,
    cast(coalesce(intent_label, intent_id) as {{ dbt.type_string() }}) as intent_label,
    cast(intent_keywords as {{ dbt.type_string() }}) as intent_keywords,
    cast(intent_size as {{ dbt.type_bigint() }}) as intent_size,
    cast(representative_text as {{ dbt.type_string() }}) as representative_text,
    cast(is_unclassified as {{ dbt.type_boolean() }}) as is_unclassified,
    cast({{ is_risky_intent('intent_id', 'intent_label', 'intent_keywords') }} as {{ dbt.type_boolean() }})
        as is_risky,
    cast(intent_model_version as {{ dbt.type_string() }}) as intent_model_version
from with_unclassified
