{#
    `relationships` for a big incremental table whose parent is rebuilt in step with it, checked in
    proportion to what a build wrote: every value of `column_name` on the rows that the `dbt build` (or
    `dbt run`) running this test wrote into the model, or under `dbt test` the rows its latest build wrote
    (`written_at` = built_at), must be a `field` of `to`. Only the parent rows holding those values are
    read, not the whole parent.

    For a parent that loses a row only where it rebuilds what the child rebuilt in the same or an earlier
    build (fct_sessions drops a session only in a conversation whose messages fct_messages rewrote;
    dim_users never drops a user), so every child row was checked against the parent by the build that
    wrote it. Seeds and tables rebuilt whole (dim_assistants, dim_intents) keep `relationships`. The whole
    table is checked on `dbt build --full-refresh` and with `--vars '{key_tests_whole_table: true}'`
    (key_test_written_at in macros/key_tests.sql).

    Measured at 5M messages: `relationships` of fct_messages.session_id read both whole tables, 0.35 s on
    every build (docs/performance.md).
#}
{% test relationships_incremental(model, column_name, to, field, written_at='built_at') %}

{%- set written = key_test_written_at(model, written_at) %}
with child as (

    select distinct {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
    {%- if written is not none %}
        and {{ written_at }} = {{ timestamp_literal(written) }}  {# a literal: older blocks are skipped #}
    {%- endif %}

),

parent as (

    select {{ field }} as to_field
    from {{ to }}
    where {{ field }} in (select from_field from child)

)

select child.from_field
from child
left join parent
    on child.from_field = parent.to_field
where parent.to_field is null

{% endtest %}
