{# A message's intent_id in fct_messages, from its `role` and the `intent_id` of its assignment (NULL when it
   has none): 'unclassified' for a user message without one, NULL for every other role. #}
{% macro message_intent_id(role, intent_id) -%}
    case when {{ role }} = 'user' then coalesce({{ intent_id }}, 'unclassified') end
{%- endmacro %}
