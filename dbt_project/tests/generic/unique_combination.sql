{#
    Passes when no two rows share the same values in all of `columns` (a composite primary key).
    NULLs count as values here, so a key with a NULL part must still be unique; combine with not_null
    tests on the parts when NULL is not allowed. Written here because packages (dbt_utils) cannot be
    installed offline.
#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
