{#
    A post-hook for an incremental model keyed on `key`: delete the rows whose key no longer exists in
    `source_relation`, so a source row deleted upstream disappears as it would in a full refresh
    (an incremental build only ever sees rows that were written). One anti-join over the key column.
#}
{% macro drop_rows_gone_from_source(relation, source_relation, key) -%}
    delete from {{ relation }}
    where {{ key }} not in (
        select {{ key }} from {{ source_relation }} where {{ key }} is not null
    )
{%- endmacro %}
