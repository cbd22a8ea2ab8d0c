{#
    The risky-intent rule: the intent id is listed in var risky_intent_ids, or its label or keywords
    contain one of var risky_intent_keywords (case-insensitive substring). See docs/metrics.md.
#}
{% macro is_risky_intent(intent_id, label, keywords) -%}
    {%- set ids = var('risky_intent_ids') -%}
    {%- set words = var('risky_intent_keywords') -%}
    (
        {%- if ids %}
        {{ intent_id }} in ({% for i in ids %}'{{ i }}'{{ ',' if not loop.last }}{% endfor %}) or
        {%- endif %}
        {%- for w in words %}
        lower(coalesce({{ label }}, '') || ' ' || coalesce({{ keywords }}, '')) like '%{{ w | lower }}%' or
        {%- endfor %}
        false
    )
{%- endmacro %}
