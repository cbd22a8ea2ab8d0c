{# numerator / denominator as an 8-byte float; NULL when the denominator is 0 or NULL. #}
{% macro rate(numerator, denominator) -%}
    cast(cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0) as {{ type_double() }})
{%- endmacro %}

{#
    Session counts by outcome, for aggregating fct_sessions rows (the outcome rule itself lives in
    fct_sessions). Self-service = the assistant handled the session alone: no handoff and no failure or
    abandonment signal (outcome success or unknown).
#}
{% macro session_outcome_counts(relation='') -%}
    {%- set r = (relation ~ '.') if relation else '' -%}
    count(*) as sessions,
    count(case when {{ r }}outcome = 'success' then 1 end) as success_sessions,
    count(case when {{ r }}outcome = 'failure' then 1 end) as failure_sessions,
    count(case when {{ r }}outcome = 'escalated' then 1 end) as escalated_sessions,
    count(case when {{ r }}outcome = 'abandoned' then 1 end) as abandoned_sessions,
    count(case when {{ r }}outcome = 'unknown' then 1 end) as unknown_sessions,
    count(case when {{ r }}outcome in ('success', 'unknown') then 1 end) as self_service_sessions,
    count(case when {{ r }}has_rephrase then 1 end) as rephrase_sessions,
    count(case when {{ r }}feedback_count > 0 then 1 end) as feedback_sessions,
    avg({{ r }}feedback_score) as avg_feedback_score
{%- endmacro %}

{# The counts of session_outcome_counts (and users), as typed output columns. #}
{% macro session_outcome_count_columns() -%}
    {%- for column in ['sessions', 'users', 'success_sessions', 'failure_sessions', 'escalated_sessions',
                       'abandoned_sessions', 'unknown_sessions', 'self_service_sessions', 'rephrase_sessions',
                       'feedback_sessions'] %}
    cast({{ column }} as {{ dbt.type_bigint() }}) as {{ column }},
    {%- endfor %}
{%- endmacro %}

{# The rates of session_outcome_counts, as typed output columns. #}
{% macro session_outcome_rates() -%}
    {{ rate('success_sessions', 'sessions') }} as success_rate,
    {{ rate('failure_sessions', 'sessions') }} as failure_rate,
    {{ rate('escalated_sessions', 'sessions') }} as escalation_rate,
    {{ rate('self_service_sessions', 'sessions') }} as self_service_rate,
    {{ rate('rephrase_sessions', 'sessions') }} as rephrase_rate,
    {{ rate('abandoned_sessions', 'sessions') }} as abandonment_rate,
    {{ rate('feedback_sessions', 'sessions') }} as feedback_rate,
    cast(avg_feedback_score as {{ type_double() }}) as avg_feedback_score
{%- endmacro %}
