{# Passes when `expression` holds on every row (a model-level invariant). #}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not ({{ expression }})

{% endtest %}
