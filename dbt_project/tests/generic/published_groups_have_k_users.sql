{#
    Passes when every published row of a mart counts at least var('min_group_users') distinct users
    in `column_name`: the guarantee small-group suppression gives BI users.
#}
{% test published_groups_have_k_users(model, column_name) %}

select *
from {{ model }}
where {{ column_name }} < {{ var('min_group_users') }}

{% endtest %}
