{#
    Passes when no two rows share the same values in all of `columns` (a composite primary key).
    NULLs count as values here, so a key with a NULL part must still be unique; combine with not_null
    tests on the parts when NULL is not allowed. Written here because packages (dbt_utils) cannot be
    installed offline.

    With `written_at` (built_at) on a big incremental table, checked in proportion to what a build wrote,
    as unique_incremental: only the combinations whose first column holds a value of a row the running
    build wrote (under `dbt test`, the table's latest build) are grouped. A duplicate that involves such a
    row shares that value, so it is found whether its twin is new or old. Put the most selective column
    first (a row whose first column is NULL is left to the whole-table check: test it not_null). The whole
    table on --full-refresh and with `--vars '{key_tests_whole_table: true}'`.
#}
{% test unique_combination(model, columns, written_at=none) %}

{%- set written = key_test_written_at(model, written_at) if written_at is not none else none %}
{{ duplicate_keys(
    model, columns,
    keys_where=(written_at ~ ' = ' ~ timestamp_literal(written)) if written is not none else none
) }}

{% endtest %}
