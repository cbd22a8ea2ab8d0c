{{
    config(
        materialized='incremental',
        incremental_strategy='replace_periods',
        unique_key='week_start',
        rebuilt_period='week',
        rebuilt_from=['fct_sessions'],
        on_schema_change='append_new_columns'
    )
}}

-- depends_on: {{ ref('dim_date') }}
{#
    Session outcomes per ISO week (UTC, of the session start), assistant and one segment of users at a
    time: the session language, the user's department, or the A/B arm. mart_outcomes crosses intent
    with language, so small cells fold and most sessions lose their language there; here each segment
    type is folded on its own (within the week, assistant and segment type), so a language or a
    department with at least min_group_users users keeps its name. A session without a department or
    variant counts under '(none)'. Incremental by week, like mart_outcomes.
#}
with sessions as (

    select
        cast({{ dbt.date_trunc('week', 'session_date') }} as date) as week_start,
        assistant_id,
        user_id,
        language,
        department,
        variant,
        outcome,
        has_rephrase,
        feedback_count,
        feedback_score
    from {{ ref('fct_sessions') }}
    where {{ in_rebuilt_periods('session_date') }}

),

segmented as (

    {% set segment_types = ['language', 'department', 'variant'] %}
    {% for segment_type in segment_types %}
    select
        week_start,
        assistant_id,
        '{{ segment_type }}' as segment_type,
        coalesce({{ segment_type }}, '(none)') as segment,
        user_id,
        outcome,
        has_rephrase,
        feedback_count,
        feedback_score
    from sessions
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

published as (

    select *
    from {{ fold_small_groups('segmented', ['week_start', 'assistant_id', 'segment_type'], ['segment']) }} as folded

),

aggregated as (

    select
        segmented.week_start,
        segmented.assistant_id,
        segmented.segment_type,
        published.published_segment as segment,
        count(distinct segmented.user_id) as users,
        {{ session_outcome_counts('segmented') }}
    from segmented
    inner join published
        on segmented.week_start = published.week_start
        and segmented.assistant_id = published.assistant_id
        and segmented.segment_type = published.segment_type
        and segmented.segment = published.segment
    group by segmented.week_start, segmented.assistant_id, segmented.segment_type, published.published_segment

)

select
    cast(week_start as date) as week_start,
    cast(assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(segment_type as {{ dbt.type_string() }}) as segment_type,
    cast(segment as {{ dbt.type_string() }}) as segment,
    {{ session_outcome_count_columns() }}
    {{ session_outcome_rates() }},
    {{ run_started_timestamp() }} as built_at
from aggregated
