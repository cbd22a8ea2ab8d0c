{#
    One row per `key` from the CTE `relation`: the row whose `order_columns` tuple is greatest
    (keep='latest') or least (keep='first'), compared left to right. `order_columns` is a list of
    [column, value used for NULL] pairs. Written as an anti-join rather than row_number() = 1 so that
    PostgreSQL's planner estimates the row count correctly (a filter on a window result is estimated at
    0.5% of the rows, which leads it into nested loops).
#}
{% macro keep_one_per_key(relation, key, order_columns, keep='latest') -%}
    {%- set beats = '>' if keep == 'latest' else '<' -%}
    select {{ relation }}.*
    from {{ relation }}
    where not exists (
        select 1
        from {{ relation }} as other
        where other.{{ key }} = {{ relation }}.{{ key }}
            and (
            {%- for column, default in order_columns %}
                {% if not loop.first %}or {% endif %}(
                {%- for previous, previous_default in order_columns[:loop.index0] %}
                    coalesce(other.{{ previous }}, {{ previous_default }}) = coalesce({{ relation }}.{{ previous }}, {{ previous_default }}) and
                {%- endfor %}
                    coalesce(other.{{ column }}, {{ default }}) {{ beats }} coalesce({{ relation }}.{{ column }}, {{ default }})
                )
            {%- endfor %}
            )
    )
{%- endmacro %}
