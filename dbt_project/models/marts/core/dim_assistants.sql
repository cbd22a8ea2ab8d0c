{#
    Assistants from seeds/assistants.csv, plus any assistant_id seen in events but missing from the
    seed (named after its id, flagged is_in_seed = false) so every fact joins to a row here.
#}
with seeded as (

    select * from {{ ref('assistants') }}

),

seen as (

    select
        assistant_id,
        min(event_at) as first_seen_at,
        max(event_at) as last_seen_at
    from {{ ref('stg_raw__events') }}
    group by assistant_id

),

all_ids as (

    -- (select distinct over union all: BigQuery has no bare union)
    select distinct assistant_id
    from (
        select assistant_id from seeded
        union all
        select assistant_id from seen
    ) as ids

)

select
    cast(all_ids.assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(coalesce(seeded.assistant_name, all_ids.assistant_id) as {{ dbt.type_string() }}) as assistant_name,
    cast(seeded.department as {{ dbt.type_string() }}) as department,
    cast(seeded.provider as {{ dbt.type_string() }}) as provider,
    cast(seeded.model as {{ dbt.type_string() }}) as model,
    cast(seeded.owner as {{ dbt.type_string() }}) as owner,
    cast(seeded.launch_date as date) as launch_date,
    cast(seeded.assistant_id is not null as {{ dbt.type_boolean() }}) as is_in_seed,
    cast(seen.first_seen_at as {{ dbt.type_timestamp() }}) as first_seen_at,
    cast(seen.last_seen_at as {{ dbt.type_timestamp() }}) as last_seen_at
from all_ids
left join seeded on all_ids.assistant_id = seeded.assistant_id
left join seen on all_ids.assistant_id = seen.assistant_id
