{#
    A/B arms per assistant: sessions that carry a variant, their success and rephrase rates and cost,
    and, for every arm but the control (var ab_control_variant), the difference to the control with
    a 95% confidence interval (unpooled standard error) and a two-sided two-proportion z-test p-value
    (pooled standard error); the interval bounds and p-values are rounded to 6 decimals (the normal
    approximation's own error is 1.5e-7). Arms with fewer than min_group_users users are not published (and then
    cannot serve as control). Assumes sessions are independent: a user in many sessions, or in both
    arms, makes the intervals too narrow.
#}
{% set k = var('min_group_users') %}
{% set z = z_95() %}

with sessions as (

    select * from {{ ref('fct_sessions') }}
    where variant is not null

),

arms as (

    select
        assistant_id,
        variant,
        count(*) as sessions,
        count(distinct user_id) as users,
        count(case when outcome = 'success' then 1 end) as success_sessions,
        count(case when has_rephrase then 1 end) as rephrase_sessions,
        {{ exact_sum('cost_usd') }} as cost_usd,
        min(session_start_at) as first_session_at,
        max(session_start_at) as last_session_at
    from sessions
    group by assistant_id, variant
    having count(distinct user_id) >= {{ k }}

),

rates as (

    select
        arms.*,
        cast(success_sessions as {{ type_double() }}) / sessions as success_rate,
        cast(rephrase_sessions as {{ type_double() }}) / sessions as rephrase_rate,
        cast(coalesce(cost_usd, 0) as {{ type_double() }}) / sessions as cost_per_session_usd
    from arms

),

compared as (

    select
        arm.*,
        arm.variant = '{{ var("ab_control_variant") }}' as is_control,
        control.sessions as control_sessions,
        control.success_sessions as control_success_sessions,
        control.rephrase_sessions as control_rephrase_sessions,
        control.success_rate as control_success_rate,
        control.rephrase_rate as control_rephrase_rate,
        control.cost_per_session_usd as control_cost_per_session_usd
    from rates as arm
    left join rates as control
        on arm.assistant_id = control.assistant_id
        and control.variant = '{{ var("ab_control_variant") }}'
        and arm.variant <> control.variant

),

{% for metric in ['success', 'rephrase'] %}
{{ metric }}_test as (

    select
        assistant_id,
        variant,
        {{ metric }}_rate - control_{{ metric }}_rate as diff,
        sqrt(
            {{ metric }}_rate * (1 - {{ metric }}_rate) / sessions
            + control_{{ metric }}_rate * (1 - control_{{ metric }}_rate) / control_sessions
        ) as unpooled_se,
        sqrt(
            pooled_rate * (1 - pooled_rate) * (1.0 / sessions + 1.0 / control_sessions)
        ) as pooled_se
    from (
        select
            compared.*,
            cast({{ metric }}_sessions + control_{{ metric }}_sessions as {{ type_double() }})
                / (sessions + control_sessions) as pooled_rate
        from compared
        where control_sessions is not null
    ) as with_pooled

),

{% endfor %}

final as (

    select
        compared.*,
        success_test.diff as success_rate_diff,
        success_test.diff - {{ z }} * success_test.unpooled_se as success_rate_diff_ci_low,
        success_test.diff + {{ z }} * success_test.unpooled_se as success_rate_diff_ci_high,
        case
            when success_test.pooled_se > 0 then {{ two_sided_p_value('success_test.diff / success_test.pooled_se') }}
            when success_test.pooled_se = 0 then 1.0
        end as success_p_value,
        rephrase_test.diff as rephrase_rate_diff,
        rephrase_test.diff - {{ z }} * rephrase_test.unpooled_se as rephrase_rate_diff_ci_low,
        rephrase_test.diff + {{ z }} * rephrase_test.unpooled_se as rephrase_rate_diff_ci_high,
        case
            when rephrase_test.pooled_se > 0 then {{ two_sided_p_value('rephrase_test.diff / rephrase_test.pooled_se') }}
            when rephrase_test.pooled_se = 0 then 1.0
        end as rephrase_p_value,
        compared.cost_per_session_usd - compared.control_cost_per_session_usd as cost_per_session_diff_usd
    from compared
    left join success_test
        on compared.assistant_id = success_test.assistant_id
        and compared.variant = success_test.variant
    left join rephrase_test
        on compared.assistant_id = rephrase_test.assistant_id
        and compared.variant = rephrase_test.variant

)

select
    cast(assistant_id as {{ dbt.type_string() }}) as assistant_id,
    cast(variant as {{ dbt.type_string() }}) as variant,
    cast(is_control as {{ dbt.type_boolean() }}) as is_control,
    cast(sessions as {{ dbt.type_bigint() }}) as sessions,
    cast(users as {{ dbt.type_bigint() }}) as users,
    cast(first_session_at as {{ dbt.type_timestamp() }}) as first_session_at,
    cast(last_session_at as {{ dbt.type_timestamp() }}) as last_session_at,
    cast(success_sessions as {{ dbt.type_bigint() }}) as success_sessions,
    cast(success_rate as {{ type_double() }}) as success_rate,
    cast(rephrase_sessions as {{ dbt.type_bigint() }}) as rephrase_sessions,
    cast(rephrase_rate as {{ type_double() }}) as rephrase_rate,
    cast(cost_usd as {{ type_double() }}) as cost_usd,
    cast(cost_per_session_usd as {{ type_double() }}) as cost_per_session_usd,
    cast(control_sessions as {{ dbt.type_bigint() }}) as control_sessions,
    cast(control_success_rate as {{ type_double() }}) as control_success_rate,
    cast(success_rate_diff as {{ type_double() }}) as success_rate_diff,
    {{ round_double('success_rate_diff_ci_low') }} as success_rate_diff_ci_low,
    {{ round_double('success_rate_diff_ci_high') }} as success_rate_diff_ci_high,
    {{ round_double('success_p_value') }} as success_p_value,
    cast(control_rephrase_rate as {{ type_double() }}) as control_rephrase_rate,
    cast(rephrase_rate_diff as {{ type_double() }}) as rephrase_rate_diff,
    {{ round_double('rephrase_rate_diff_ci_low') }} as rephrase_rate_diff_ci_low,
    {{ round_double('rephrase_rate_diff_ci_high') }} as rephrase_rate_diff_ci_high,
    {{ round_double('rephrase_p_value') }} as rephrase_p_value,
    cast(control_cost_per_session_usd as {{ type_double() }}) as control_cost_per_session_usd,
    cast(cost_per_session_diff_usd as {{ type_double() }}) as cost_per_session_diff_usd
from final
